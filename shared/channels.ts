import * as v from 'valibot'

/**
 * How a rating or a feedback item reached the department. The plan asks for satisfaction to be collected
 * "bằng các hình thức khác nhau" and reported per channel. The citizen's own requests never name their
 * channel: the server decides it from the route the item came through (the public form is qr, a kiosk
 * token is kiosk, Open311 is open311, an officer's intake names paper, phone or email).
 */
export const CHANNELS = ['qr', 'kiosk', 'paper', 'phone', 'email', 'open311', 'portal'] as const
export type Channel = (typeof CHANNELS)[number]

export const ChannelSchema = v.picklist(CHANNELS, `must be one of ${CHANNELS.join(', ')}`)

/** What an item stored before channels existed counts as: the citizen's own phone, through the QR code. */
export const DEFAULT_CHANNEL: Channel = 'qr'

export const CHANNEL_LABELS: Record<Channel, { vi: string; en: string }> = {
  qr: { vi: 'Mã QR (điện thoại của người dân)', en: 'QR code (citizen’s phone)' },
  kiosk: { vi: 'Máy tính bảng tại quầy', en: 'Counter kiosk' },
  paper: { vi: 'Phiếu giấy', en: 'Paper form' },
  phone: { vi: 'Điện thoại', en: 'Telephone' },
  email: { vi: 'Thư điện tử', en: 'E-mail' },
  open311: { vi: 'Open311 (ứng dụng khác)', en: 'Open311 (other apps)' },
  portal: { vi: 'Cổng dịch vụ công', en: 'Public-service portal' },
}
