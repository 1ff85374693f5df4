// Package checkin is the phone check-in server that runs inside the kiosk
// process: a caregiver scans the QR code on the kiosk's screen over the
// station's Wi-Fi, fills in a short form once, and on later visits checks in
// with one tap and a new signature.
//
// It serves check-in only. The QR code holds a short URL with a rotating
// token (HMAC-SHA256 over the session id and the 30-second step, keyed by the
// installation's "checkin" secret); the current and the previous step are
// accepted. A valid scan sets a short-lived pass cookie bound to the session,
// and a successful check-in a long-lived signed family cookie that holds ids
// only, never personal data. Every page, style sheet and script is embedded
// with go:embed, so the page makes no external request and works without
// internet.
package checkin
