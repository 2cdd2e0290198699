package domain

import "time"

// A Notification is an event meant for one person (ORG-4): what happened (Event, whose message
// key is inbox.event.<Event>, rendered in the reader's language with Args), the record it is
// about and the link to it, and when the reader read it (zero: unread).
type Notification struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"-"`
	Event      string    `json:"event"`
	EntityType string    `json:"entity_type,omitempty"`
	EntityID   int64     `json:"entity_id,omitempty"`
	Link       string    `json:"link,omitempty"`
	Args       []string  `json:"args"`
	Text       string    `json:"text,omitempty"` // the message, rendered for the reader
	CreatedAt  time.Time `json:"created_at"`
	ReadAt     time.Time `json:"read_at,omitzero"`
}

// Unread says whether the reader has not read n yet.
func (n *Notification) Unread() bool { return n.ReadAt.IsZero() }

// An OutMail is a notification's e-mail waiting in the outbox (or sent, or given up).
type OutMail struct {
	ID             int64
	NotificationID int64
	To             string
	Subject        string
	Body           string
	Attempts       int
	NextAt         time.Time
	SentAt         time.Time
	FailedAt       time.Time
	LastError      string
}
