/* SSH keys: the host key and users' public keys (see sshkeys.h). */
#include "tui/transport/sshkeys.h"
#include "tui/transport/filesafe.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pubkey_fingerprint(ssh_key key, char *out, size_t cap)
{
    unsigned char *hash = NULL;
    size_t hlen = 0;
    if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &hlen) != 0)
        return -1;
    char *fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
    ssh_clean_pubkey_hash(&hash);
    if (!fp)
        return -1;
    snprintf(out, cap, "%s", fp);
    ssh_string_free_char(fp);
    return 0;
}

/* Written whole or not at all, then read back: a key announced is a key on disk. */
static int hostkey_write(const char *path, ssh_key key, char *err, size_t errlen)
{
    char *text = NULL;
    if (ssh_pki_export_privkey_base64(key, NULL, NULL, NULL, &text) != SSH_OK || !text) {
        snprintf(err, errlen, "cannot encode the new host key");
        return -1;
    }
    char why[PATH_MAX + 128];
    int rc = file_write_atomic(path, text, strlen(text), 0600, why, sizeof why);
    explicit_bzero(text, strlen(text));
    ssh_string_free_char(text);
    if (rc != 0) {
        snprintf(err, errlen, "cannot save the new host key: %s", why);
        return -1;
    }
    ssh_key back = NULL;
    if (ssh_pki_import_privkey_file(path, NULL, NULL, NULL, &back) != SSH_OK ||
        ssh_key_cmp(back, key, SSH_KEY_CMP_PRIVATE) != 0) {
        ssh_key_free(back);
        unlink(path);
        snprintf(err, errlen, "the new host key %s does not read back as written", path);
        return -1;
    }
    ssh_key_free(back);
    return 0;
}

int hostkey_load_or_create(const char *path, ssh_key *key, int *created, char *fingerprint,
                           size_t fplen, char *err, size_t errlen)
{
    *key = NULL;
    *created = 0;
    struct stat st;
    if (stat(path, &st) == 0) {
        if (ssh_pki_import_privkey_file(path, NULL, NULL, NULL, key) != SSH_OK) {
            snprintf(err, errlen, "cannot read host key %s (remove it to make a new one)", path);
            return -1;
        }
        if (st.st_mode & 077)
            chmod(path, 0600);   /* a private key readable by others is no longer private */
    } else if (errno == ENOENT) {
        if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, key) != SSH_OK) {
            snprintf(err, errlen, "cannot generate an ed25519 host key");
            return -1;
        }
        if (hostkey_write(path, *key, err, errlen) != 0) {
            ssh_key_free(*key);
            *key = NULL;
            return -1;
        }
        *created = 1;
    } else {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    if (pubkey_fingerprint(*key, fingerprint, fplen) != 0)
        snprintf(fingerprint, fplen, "?");
    return 0;
}

int pubkey_parse_line(const char *line, ssh_key *key, char *err, size_t errlen)
{
    char type[64], b64[16384];
    *key = NULL;
    while (*line == ' ' || *line == '\t')
        line++;
    if (sscanf(line, "%63s %16383s", type, b64) != 2) {
        snprintf(err, errlen, "expected \"type base64 [comment]\", as in a .pub file");
        return -1;
    }
    enum ssh_keytypes_e kt = ssh_key_type_from_name(type);
    if (kt == SSH_KEYTYPE_UNKNOWN) {
        snprintf(err, errlen, "unknown key type \"%s\" (options before the key are not supported)",
                 type);
        return -1;
    }
    if (ssh_pki_import_pubkey_base64(b64, kt, key) != SSH_OK) {
        snprintf(err, errlen, "the key data is not a valid %s key", type);
        return -1;
    }
    return 0;
}
