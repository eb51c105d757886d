// Package cache is chainscreen's list lifecycle for any registered format: it downloads a
// source's publication (from the format's official URLs, or given ones), or seeds it from
// a local file offline (Seed), into a cache directory with all-or-nothing updates. A
// publication replaces the cached one only after it was parsed completely and passed the
// sanity checks, each one rule of package sanctions: a date of issue and at least one
// value, never back in time (sanctions.CheckNotOlder, sanctions.CheckNotEarlierIssue), no
// silent shrink (sanctions.CheckShrink). Every cached publication has a verified snapshot
// (sanctions.WriteSnapshotFile/ReadSnapshotFile, its digest recorded in the cache's
// metadata) so that the next start does not parse it again.
//
// Downloads go through the project's one retry helper: exponential backoff with jitter on
// transient failures, never earlier than the server's Retry-After.
//
// The cache reads publications with sanctions.Open: import the source packages of the
// formats it caches (or sanctions/all).
package cache
