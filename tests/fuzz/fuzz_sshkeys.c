/* Fuzz target for the authorized_keys line parser (tui/transport/sshkeys.c), which reads the
 * public keys an administrator adds for a user. A line it accepts gives a public key (never a
 * private one) of the type the line names, with a fingerprint, that reads back the same after
 * being written out again; a line it refuses gives no key and a reason.
 * Input: the line (up to its first NUL). */
#include "tui/transport/sshkeys.h"

#include <libssh/libssh.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The key type the line names: its first word. */
static enum ssh_keytypes_e named_type(const char *line)
{
    char type[64];
    while (*line == ' ' || *line == '\t')
        line++;
    if (sscanf(line, "%63s", type) != 1)
        return SSH_KEYTYPE_UNKNOWN;
    return ssh_key_type_from_name(type);
}

static void check_key(const char *line, ssh_key key)
{
    if (!key || !ssh_key_is_public(key) || ssh_key_is_private(key))
        abort();
    if (ssh_key_type(key) != named_type(line))
        abort();   /* the line says one type and the key data is another */
    char fp[128];
    if (pubkey_fingerprint(key, fp, sizeof fp) != 0 || strncmp(fp, "SHA256:", 7) != 0)
        abort();
    /* Written out as a .pub line and read again: the same key. */
    char *b64 = NULL;
    if (ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK || !b64)
        abort();
    size_t n = strlen(b64) + 80;
    char *again = malloc(n);
    if (!again)
        abort();
    snprintf(again, n, "%s %s comment", ssh_key_type_to_char(ssh_key_type(key)), b64);
    ssh_key other = NULL;
    char err[256] = "";
    if (pubkey_parse_line(again, &other, err, sizeof err) != 0 ||
        ssh_key_cmp(key, other, SSH_KEY_CMP_PUBLIC) != 0)
        abort();
    char fp2[128];
    if (pubkey_fingerprint(other, fp2, sizeof fp2) != 0 || strcmp(fp, fp2) != 0)
        abort();
    ssh_key_free(other);
    ssh_string_free_char(b64);
    free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = malloc(size + 1);
    if (!line)
        abort();
    memcpy(line, data, size);
    line[size] = 0;
    ssh_key key = NULL;
    char err[256] = "";
    if (pubkey_parse_line(line, &key, err, sizeof err) == 0) {
        check_key(line, key);
        ssh_key_free(key);
    } else if (key != NULL || err[0] == 0) {
        abort();   /* a refusal gives no key and says why */
    }
    free(line);
    return 0;
}
