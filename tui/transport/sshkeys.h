/* SSH keys: the server's host key (made on first start, mode 0600) and users' public keys in
 * OpenSSH authorized_keys line format. */
#ifndef TUI_SSHKEYS_H
#define TUI_SSHKEYS_H

#include <stddef.h>
#include <libssh/libssh.h>

/* Loads path, or makes a new ed25519 key there when it does not exist. *created tells which.
 * fingerprint gets "SHA256:…" as OpenSSH prints it. */
int hostkey_load_or_create(const char *path, ssh_key *key, int *created, char *fingerprint,
                           size_t fplen, char *err, size_t errlen);

/* Parses "type base64 [comment]" (no options); returns 0 and the key, or -1 and a reason. */
int pubkey_parse_line(const char *line, ssh_key *key, char *err, size_t errlen);
/* The key's SHA256 fingerprint as OpenSSH prints it. */
int pubkey_fingerprint(ssh_key key, char *out, size_t cap);

#endif
