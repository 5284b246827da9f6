import type { MailStatus, MarkRead, NotificationList } from '../../shared/notifications'
import { get, write } from './client'

/** Notifications and e-mail (README "Notifications and e-mail (SMTP)"), through client.ts. */
export const notificationsApi = {
  list: (signal?: AbortSignal) => get<NotificationList>('/api/staff/notifications', { signal }),
  markRead: (body: MarkRead) => write<{ read: number }>('POST', '/api/staff/notifications/read', body),
  mailStatus: () => get<MailStatus>('/api/staff/admin/mail'),
  setEmail: (id: number, email: string | null) => write<{ id: number; email: string | null }>('PUT', `/api/staff/admin/mail/accounts/${id}`, { email }),
}
