/* UI languages from compiled message catalogues (see i18n.h). The .mo format is GNU gettext's:
 * a header, then two tables of (length, offset) pairs for originals and translations, the
 * originals sorted so a lookup is a binary search. */
#include "tui/session/i18n.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MO_MAGIC 0x950412deu
#define MAX_LANGS 16

typedef struct catalogue {
    char lang[16];
    char *data;          /* the whole file */
    size_t size;
    uint32_t count;
    uint32_t orig_off, trans_off;
} catalogue;

static catalogue langs[MAX_LANGS];
static int nlangs;
static const catalogue *current;
static char current_name[16] = I18N_DEFAULT;

static uint32_t word(const catalogue *c, uint32_t off)
{
    uint32_t v;
    memcpy(&v, c->data + off, 4);
    return v;
}

/* Reads and checks one .mo file: every table entry must lie inside the file and end in NUL. */
static int load_mo(const char *path, const char *lang, catalogue *c)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    memset(c, 0, sizeof *c);
    if (fseek(f, 0, SEEK_END) != 0) {
        fclose(f);
        return -1;
    }
    long size = ftell(f);
    if (size < 28 || size > 64L * 1024 * 1024 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return -1;
    }
    c->data = malloc((size_t)size);
    if (!c->data || fread(c->data, 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        free(c->data);
        c->data = NULL;
        return -1;
    }
    fclose(f);
    c->size = (size_t)size;
    if (word(c, 0) != MO_MAGIC)
        goto bad;
    c->count = word(c, 8);
    c->orig_off = word(c, 12);
    c->trans_off = word(c, 16);
    if ((uint64_t)c->orig_off + 8ull * c->count > c->size ||
        (uint64_t)c->trans_off + 8ull * c->count > c->size)
        goto bad;
    for (uint32_t i = 0; i < c->count; i++) {
        for (int t = 0; t < 2; t++) {
            uint32_t base = (t ? c->trans_off : c->orig_off) + 8 * i;
            uint32_t len = word(c, base), off = word(c, base + 4);
            if ((uint64_t)off + len >= c->size || c->data[off + len] != 0)
                goto bad;
        }
    }
    snprintf(c->lang, sizeof c->lang, "%.15s", lang);
    return 0;
bad:
    fprintf(stderr, "bianmin: ignoring damaged message catalogue %s\n", path);
    free(c->data);
    c->data = NULL;
    return -1;
}

static int load_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && nlangs < MAX_LANGS) {
        if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof langs[0].lang)
            continue;
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/bianmin.mo", dir, e->d_name);
        if (load_mo(path, e->d_name, &langs[nlangs]) == 0)
            nlangs++;
    }
    closedir(d);
    return nlangs;
}

int i18n_init(void)
{
    const char *env = getenv("BIANMIN_LOCALEDIR");
    if (env && env[0])
        return load_dir(env);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            char dir[PATH_MAX + 32];
            snprintf(dir, sizeof dir, "%s/locale", exe);
            if (load_dir(dir) > 0)
                goto done;
            snprintf(dir, sizeof dir, "%s/../share/locale", exe);
            if (load_dir(dir) > 0)
                goto done;
        }
    }
    load_dir(BIANMIN_LOCALEDIR_DEFAULT);
done:
    i18n_use(I18N_DEFAULT);
    return nlangs;
}

void i18n_free(void)
{
    for (int i = 0; i < nlangs; i++)
        free(langs[i].data);
    nlangs = 0;
    current = NULL;
}

static const catalogue *find(const char *lang)
{
    for (int i = 0; i < nlangs; i++)
        if (strcmp(langs[i].lang, lang) == 0)
            return &langs[i];
    return NULL;
}

int i18n_has(const char *lang)
{
    return find(lang) != NULL;
}

void i18n_use(const char *lang)
{
    if (!lang || !lang[0])
        lang = I18N_DEFAULT;
    const catalogue *c = find(lang);
    if (!c && strcmp(lang, I18N_DEFAULT) != 0) {
        lang = I18N_DEFAULT;
        c = find(lang);
    }
    current = c;
    snprintf(current_name, sizeof current_name, "%s", lang);
}

const char *i18n_current(void)
{
    return current_name;
}

static const char *lookup(const catalogue *c, const char *msgid)
{
    if (!c || !msgid || !msgid[0])
        return NULL;
    uint32_t lo = 0, hi = c->count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const char *orig = c->data + word(c, c->orig_off + 8 * mid + 4);
        int cmp = strcmp(msgid, orig);
        if (cmp == 0) {
            uint32_t len = word(c, c->trans_off + 8 * mid);
            const char *s = c->data + word(c, c->trans_off + 8 * mid + 4);
            return len ? s : NULL;
        }
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *tr(const char *msgid)
{
    const char *t = lookup(current, msgid);
    return t ? t : msgid;
}

const char *tr_in(const char *lang, const char *msgid)
{
    return lang ? lookup(find(lang), msgid) : NULL;
}
