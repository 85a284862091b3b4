/**
 * useradd's sparse /var/log/lastlog and faillog: shadow before 4.13 writes a record at offset UID × size,
 * so the files are UID × 292 (+ UID × 32) bytes long; sparse on disk, stored in full by the layer tar.
 */

/** struct lastlog on 64-bit glibc; struct faillog adds 32 bytes per UID where /var/log/faillog exists. */
export const LASTLOG_RECORD = 292;
export const FAILLOG_RECORD = 32;

/**
 * Releases whose shadow is 4.13 or later: useradd there no longer writes lastlog/faillog records for
 * a UID beyond the files' end (shadow-maint/shadow PR #558, "useradd: Do not reset non-existent data
 * in {last,fail}log", merged 2022-08, released in 4.13). Measured on debian:bookworm (shadow
 * 4.13+dfsg1) with Docker 2026-12-04: `useradd -u 100000` leaves both files at 0 bytes, layer 4.3 kB,
 * with or without --no-log-init. bullseye, jammy and older (shadow 4.8) still write them.
 */
export const SHADOW_4_13 = new Set(['bookworm', 'trixie', 'forky', 'sid', 'noble', 'oracular', 'plucky', 'questing', 'resolute']);
export const OLDER_RELEASE = /\b(bullseye|buster|stretch|jessie|jammy|focal|bionic|xenial|2[0-2]\.04|1[0-9]\.04)\b/;
