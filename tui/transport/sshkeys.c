/* SSH keys: the host key and users' public keys (see sshkeys.h). */
#include "tui/transport/sshkeys.h"

#include <errno.h>
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
        mode_t old = umask(077);
        int rc = ssh_pki_export_privkey_file(*key, NULL, NULL, NULL, path);
        umask(old);
        if (rc != SSH_OK || chmod(path, 0600) != 0) {
            snprintf(err, errlen, "cannot write host key %s: %s", path, strerror(errno));
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
