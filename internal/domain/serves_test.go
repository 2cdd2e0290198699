package domain

import "testing"

// TestMediaLive: an account stays live (and keeps its system from moving unit) until a merge
// or a closing is carried out; a kept account stays live when done.
func TestMediaLive(t *testing.T) {
	for _, c := range []struct {
		st   MediaStatus
		d    MediaDecision
		live bool
	}{
		{MediaUndecided, "", true}, {MediaProposed, DecideClose, true}, {MediaDecided, DecideMerge, true}, {MediaDecided, DecideClose, true},
		{MediaDone, DecideKeep, true}, {MediaDone, DecideMerge, false}, {MediaDone, DecideClose, false},
	} {
		m := MediaAccount{Status: c.st, Decision: c.d}
		if m.Live() != c.live {
			t.Errorf("%s/%s: live %v, want %v", c.st, c.d, m.Live(), c.live)
		}
	}
}
