/** UUID v7: time-ordered, so the server's index grows at its end, and unguessable enough for a client id. */
export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
