package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/chainscreen/chainscreen/monitor"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ErrSchema: the database holds a schema newer than this program knows.
var ErrSchema = errors.New("pgstore: unsupported schema version")

// lockMigrate and lockRescreen are the advisory lock keys (arbitrary constants of this
// program).
const (
	lockMigrate  = 0x636873_01 // "chs" 1
	lockRescreen = 0x636873_02
	// lockDeliver is the first key of the two-key advisory locks of deliveries (the
	// second is the consumer's hash); two-key locks never collide with one-key ones.
	lockDeliver = 0x636873
)

// migrations are applied in order; entry i brings the schema to version i+1. Never edit
// an entry that has shipped: append a new one.
var migrations = []string{
	`CREATE TABLE chainscreen_registrations (
		id       text PRIMARY KEY,
		body     jsonb NOT NULL
	);
	CREATE TABLE chainscreen_states (
		id       text PRIMARY KEY REFERENCES chainscreen_registrations(id) ON DELETE CASCADE,
		body     jsonb NOT NULL
	);
	CREATE TABLE chainscreen_events (
		seq      bigserial PRIMARY KEY,
		reg_id   text NOT NULL,
		body     jsonb NOT NULL
	);
	CREATE TABLE chainscreen_cursors (
		consumer text PRIMARY KEY,
		seq      bigint NOT NULL
	);`,
}

// Store is a monitor.Store in PostgreSQL. It is safe for concurrent use, by several
// goroutines and several processes.
type Store struct {
	pool *pgxpool.Pool
}

var (
	_ monitor.Store          = (*Store)(nil)
	_ monitor.StoreLocker    = (*Store)(nil)
	_ monitor.DeliveryLocker = (*Store)(nil)
)

// Open connects to the database at dsn and migrates its schema.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	s := &Store{pool: pool}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the connection pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// SchemaVersion returns the schema version of the database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM chainscreen_schema`).Scan(&v)
	return v, err
}

func (s *Store) migrate(ctx context.Context) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("pgstore: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, lockMigrate); err != nil {
		return fmt.Errorf("pgstore: migration lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, lockMigrate)
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS chainscreen_schema (
		version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("pgstore: %w", err)
	}
	var have int
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM chainscreen_schema`).Scan(&have); err != nil {
		return fmt.Errorf("pgstore: %w", err)
	}
	if have > len(migrations) {
		return fmt.Errorf("%w: the database is at version %d, this program knows %d", ErrSchema, have, len(migrations))
	}
	for v := have; v < len(migrations); v++ {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, migrations[v]); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO chainscreen_schema (version) VALUES ($1)`, v+1)
			return err
		})
		if err != nil {
			return fmt.Errorf("pgstore: migration %d: %w", v+1, err)
		}
	}
	return nil
}

// PutRegistration adds or replaces a registration (keeping its state).
func (s *Store) PutRegistration(ctx context.Context, r monitor.Registration) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = s.pool.Exec(ctx, `INSERT INTO chainscreen_registrations (id, body) VALUES ($1, $2)
		ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body`, r.ID, b)
	if err != nil {
		return fmt.Errorf("pgstore: %w", err)
	}
	return nil
}

// DeleteRegistration removes a registration and its state (its events stay).
func (s *Store) DeleteRegistration(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM chainscreen_registrations WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("pgstore: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%w: %s", monitor.ErrNotRegistered, id)
	}
	return nil
}

// Registrations returns every registration, ordered by ID.
func (s *Store) Registrations(ctx context.Context) ([]monitor.Registration, error) {
	rows, err := s.pool.Query(ctx, `SELECT body FROM chainscreen_registrations ORDER BY id COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	out := []monitor.Registration{}
	for rows.Next() {
		var r monitor.Registration
		if err := scanJSON(rows, &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// States returns the last-seen state of every registration that has one.
func (s *Store) States(ctx context.Context) (map[string]monitor.AddressState, error) {
	rows, err := s.pool.Query(ctx, `SELECT body FROM chainscreen_states`)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	out := map[string]monitor.AddressState{}
	for rows.Next() {
		var st monitor.AddressState
		if err := scanJSON(rows, &st); err != nil {
			return nil, err
		}
		out[st.ID] = st
	}
	return out, rows.Err()
}

// Commit stores the states and appends the events in one transaction; states and events
// of IDs no longer registered are dropped. The events are returned with their Seq.
func (s *Store) Commit(ctx context.Context, states []monitor.AddressState, events []monitor.Event) ([]monitor.Event, error) {
	var stored []monitor.Event
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		stored = stored[:0]
		for _, st := range states {
			b, err := json.Marshal(st)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO chainscreen_states (id, body)
				SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM chainscreen_registrations WHERE id = $1)
				ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body`, st.ID, b); err != nil {
				return err
			}
		}
		for _, ev := range events {
			var reg bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM chainscreen_registrations WHERE id = $1)`,
				ev.RegistrationID).Scan(&reg); err != nil {
				return err
			}
			if !reg {
				continue
			}
			var seq int64
			if err := tx.QueryRow(ctx, `INSERT INTO chainscreen_events (reg_id, body) VALUES ($1, '{}') RETURNING seq`,
				ev.RegistrationID).Scan(&seq); err != nil {
				return err
			}
			ev.Seq = uint64(seq)
			b, err := json.Marshal(ev)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE chainscreen_events SET body = $2 WHERE seq = $1`, seq, b); err != nil {
				return err
			}
			stored = append(stored, ev)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pgstore: commit: %w", err)
	}
	return stored, nil
}

// Events returns up to limit events with Seq > after, in Seq order (limit <= 0: all).
func (s *Store) Events(ctx context.Context, after uint64, limit int) ([]monitor.Event, error) {
	q := `SELECT body FROM chainscreen_events WHERE seq > $1 ORDER BY seq`
	args := []any{int64(after)}
	if limit > 0 {
		q += ` LIMIT $2`
		args = append(args, limit)
	}
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	out := []monitor.Event{}
	for rows.Next() {
		var ev monitor.Event
		if err := scanJSON(rows, &ev); err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, rows.Err()
}

// Cursor returns a consumer's delivery cursor (0 when it has none).
func (s *Store) Cursor(ctx context.Context, consumer string) (uint64, error) {
	var seq int64
	err := s.pool.QueryRow(ctx, `SELECT seq FROM chainscreen_cursors WHERE consumer = $1`, consumer).Scan(&seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("pgstore: %w", err)
	}
	return uint64(seq), nil
}

// SetCursor records that a consumer was delivered every event up to seq. A cursor never
// moves back (two instances delivering concurrently keep the furthest).
func (s *Store) SetCursor(ctx context.Context, consumer string, seq uint64) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO chainscreen_cursors (consumer, seq) VALUES ($1, $2)
		ON CONFLICT (consumer) DO UPDATE SET seq = greatest(chainscreen_cursors.seq, EXCLUDED.seq)`, consumer, int64(seq))
	if err != nil {
		return fmt.Errorf("pgstore: %w", err)
	}
	return nil
}

// Lock takes the re-screening lock shared by every instance on this database (a
// session-level advisory lock on a connection held until unlock is called). It waits
// for another instance's re-screening to finish, or for ctx.
func (s *Store) Lock(ctx context.Context) (unlock func(), err error) {
	return s.advisoryLock(ctx, "rescreen", `SELECT pg_advisory_lock($1)`, `SELECT pg_advisory_unlock($1)`, int64(lockRescreen))
}

// LockDelivery takes the delivery lock of consumer shared by every instance on this
// database (a session-level advisory lock held until unlock is called): Monitor.Deliver
// holds it, so that two instances never send the same consumer the same events.
func (s *Store) LockDelivery(ctx context.Context, consumer string) (unlock func(), err error) {
	return s.advisoryLock(ctx, "delivery", `SELECT pg_advisory_lock($1, hashtext($2))`,
		`SELECT pg_advisory_unlock($1, hashtext($2))`, int32(lockDeliver), consumer)
}

// advisoryLock takes a session-level advisory lock on a connection of its own, kept
// until unlock.
func (s *Store) advisoryLock(ctx context.Context, what, lock, release string, args ...any) (func(), error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	if _, err := conn.Exec(ctx, lock, args...); err != nil {
		conn.Release()
		return nil, fmt.Errorf("pgstore: %s lock: %w", what, err)
	}
	return func() {
		if _, err := conn.Exec(context.Background(), release, args...); err != nil {
			// The lock dies with the session: drop the connection rather than return it.
			conn.Conn().Close(context.Background())
		}
		conn.Release()
	}, nil
}

func scanJSON(rows pgx.Rows, v any) error {
	var b []byte
	if err := rows.Scan(&b); err != nil {
		return fmt.Errorf("pgstore: %w", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("pgstore: a stored row does not decode: %w", err)
	}
	return nil
}
