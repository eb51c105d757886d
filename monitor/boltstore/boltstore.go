package boltstore

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/chainscreen/chainscreen/monitor"
	bolt "go.etcd.io/bbolt"
)

// Bucket names and the schema key.
const (
	bucketRegs    = "registrations"
	bucketStates  = "states"
	bucketEvents  = "events"
	bucketCursors = "cursors"
	bucketMeta    = "meta"
	keySchema     = "schema"
)

// schemaVersion is the layout version written into new files; Open refuses others.
const schemaVersion = "1"

// ErrSchema: the file was written by an incompatible version.
var ErrSchema = errors.New("boltstore: unsupported file version")

// Store is a monitor.Store backed by a bbolt file. It is safe for concurrent use.
type Store struct {
	db *bolt.DB
}

var _ monitor.Store = (*Store)(nil)

// Open opens (creating it and its directory when missing) the store at path. It waits at
// most timeout for another process to release the file (0: one second).
func Open(ctx context.Context, path string, timeout time.Duration) (*Store, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if timeout <= 0 {
		timeout = time.Second
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("boltstore: %w", err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, fmt.Errorf("boltstore: %s is in use by another process: %w", path, err)
		}
		return nil, fmt.Errorf("boltstore: opening %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range []string{bucketRegs, bucketStates, bucketEvents, bucketCursors, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists([]byte(b)); err != nil {
				return err
			}
		}
		meta := bucket(tx, bucketMeta)
		switch v := meta.Get([]byte(keySchema)); {
		case v == nil:
			return meta.Put([]byte(keySchema), []byte(schemaVersion))
		case string(v) != schemaVersion:
			return fmt.Errorf("%w: %s has version %q, this program reads %q", ErrSchema, path, v, schemaVersion)
		}
		return nil
	})
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return &Store{db: db}, nil
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// Path returns the file's path.
func (s *Store) Path() string { return s.db.Path() }

func (s *Store) update(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(fn)
}

func (s *Store) view(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(fn)
}

func put(b *bolt.Bucket, key []byte, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, data)
}

// PutRegistration implements monitor.Store.
func (s *Store) PutRegistration(ctx context.Context, r monitor.Registration) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		return put(bucket(tx, bucketRegs), []byte(r.ID), r)
	})
}

// DeleteRegistration implements monitor.Store.
func (s *Store) DeleteRegistration(ctx context.Context, id string) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		regs := bucket(tx, bucketRegs)
		if regs.Get([]byte(id)) == nil {
			return fmt.Errorf("%w: %s", monitor.ErrNotRegistered, id)
		}
		if err := regs.Delete([]byte(id)); err != nil {
			return err
		}
		return bucket(tx, bucketStates).Delete([]byte(id))
	})
}

// Registrations implements monitor.Store (bbolt keeps keys sorted, so they come by ID).
func (s *Store) Registrations(ctx context.Context) ([]monitor.Registration, error) {
	var out []monitor.Registration
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return bucket(tx, bucketRegs).ForEach(func(k, v []byte) error {
			var r monitor.Registration
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("boltstore: registration %q: %w", k, err)
			}
			out = append(out, r)
			return nil
		})
	})
	return out, err
}

// States implements monitor.Store.
func (s *Store) States(ctx context.Context) (map[string]monitor.AddressState, error) {
	out := map[string]monitor.AddressState{}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return bucket(tx, bucketStates).ForEach(func(k, v []byte) error {
			var st monitor.AddressState
			if err := json.Unmarshal(v, &st); err != nil {
				return fmt.Errorf("boltstore: state %q: %w", k, err)
			}
			out[string(k)] = st
			return nil
		})
	})
	return out, err
}

// Commit implements monitor.Store: one bbolt transaction.
func (s *Store) Commit(ctx context.Context, states []monitor.AddressState, events []monitor.Event) ([]monitor.Event, error) {
	var out []monitor.Event
	err := s.update(ctx, func(tx *bolt.Tx) error {
		out = out[:0]
		regs, sb, eb := bucket(tx, bucketRegs), bucket(tx, bucketStates), bucket(tx, bucketEvents)
		for _, st := range states {
			if regs.Get([]byte(st.ID)) == nil {
				continue // unregistered meanwhile
			}
			if err := put(sb, []byte(st.ID), st); err != nil {
				return err
			}
		}
		for _, ev := range events {
			if regs.Get([]byte(ev.RegistrationID)) == nil {
				continue
			}
			seq, err := eb.NextSequence()
			if err != nil {
				return err
			}
			ev.Seq = seq
			if err := put(eb, seqKey(seq), ev); err != nil {
				return err
			}
			out = append(out, ev)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Events implements monitor.Store.
func (s *Store) Events(ctx context.Context, after uint64, limit int) ([]monitor.Event, error) {
	var out []monitor.Event
	err := s.view(ctx, func(tx *bolt.Tx) error {
		c := bucket(tx, bucketEvents).Cursor()
		for k, v := c.Seek(seqKey(after + 1)); k != nil; k, v = c.Next() {
			if limit > 0 && len(out) >= limit {
				break
			}
			var ev monitor.Event
			if err := json.Unmarshal(v, &ev); err != nil {
				return fmt.Errorf("boltstore: event %d: %w", binary.BigEndian.Uint64(k), err)
			}
			out = append(out, ev)
		}
		return nil
	})
	return out, err
}

// Cursor implements monitor.Store.
func (s *Store) Cursor(ctx context.Context, consumer string) (uint64, error) {
	var seq uint64
	err := s.view(ctx, func(tx *bolt.Tx) error {
		if v := bucket(tx, bucketCursors).Get([]byte(consumer)); len(v) == 8 {
			seq = binary.BigEndian.Uint64(v)
		}
		return nil
	})
	return seq, err
}

// SetCursor implements monitor.Store.
func (s *Store) SetCursor(ctx context.Context, consumer string, seq uint64) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		return bucket(tx, bucketCursors).Put([]byte(consumer), seqKey(seq))
	})
}

func seqKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, seq)
}

func bucket(tx *bolt.Tx, name string) *bolt.Bucket { return tx.Bucket([]byte(name)) }
