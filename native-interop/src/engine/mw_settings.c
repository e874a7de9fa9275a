/*
 * Parser of the "microwake" metadata entry (format: native-interop/docs/model-metadata.md).
 * Strict on purpose: unknown or repeated keys, malformed numbers, out-of-range values and
 * bad labels are errors that name the line, so a model can never run with settings other
 * than the ones its trainer wrote. Works on the entry in place (no copy, no heap).
 */
#include <stddef.h>
#include <string.h>

#include "mw_common.h"
#include "mw_settings.h"

#define MW_KEY_TEXT 32

typedef struct span {
    const char *p;
    size_t n;
} span;

typedef enum key_id {
    K_VERSION, K_FRONTEND, K_SAMPLE_RATE, K_WINDOW, K_HOP, K_FFT, K_WINDOW_FN, K_MEL_BANDS, K_LOWER_HZ,
    K_UPPER_HZ, K_COEFFS, K_LOG_FLOOR, K_FRAMES, K_LABELS, K_INFER_EVERY, K_THRESHOLD, K_AVERAGE_MS,
    K_MIN_COUNT, K_SUPPRESSION_MS, K_COUNT
} key_id;

/* How a key's value is parsed: a number in [lo, hi] stored at `offset` in
 * mw_model_settings (an int32_t or a float field), or by its own case in apply(). */
typedef enum value_kind { V_SPECIAL, V_INT, V_FLOAT } value_kind;

typedef struct key_rule {
    const char *name;
    value_kind kind;
    double lo, hi;
    size_t offset;
} key_rule;

#define FE(field) offsetof(mw_model_settings, frontend.field)
#define ST(field) offsetof(mw_model_settings, field)

static const key_rule rules[K_COUNT] = {
    {"version", V_SPECIAL, 0, 0, 0},
    {"frontend", V_SPECIAL, 0, 0, 0},
    {"sample_rate", V_INT, 1000, 192000, FE(sample_rate)},
    {"window_samples", V_INT, 1, 65536, FE(window_samples)},
    {"hop_samples", V_INT, 1, 65536, FE(hop_samples)},
    {"fft_size", V_INT, 1, 65536, FE(fft_size)},
    {"window_fn", V_SPECIAL, 0, 0, 0},
    {"mel_bands", V_INT, 1, 1024, FE(num_mel_bands)},
    {"lower_hz", V_FLOAT, 0.0, 96000.0, FE(lower_hz)},
    {"upper_hz", V_FLOAT, 0.0, 96000.0, FE(upper_hz)},
    {"coeffs", V_INT, 1, 1024, FE(num_coeffs)},
    {"log_floor", V_FLOAT, 1e-30, 1e30, FE(log_floor)},
    {"frames", V_INT, 1, 1000, FE(frames_per_window)},
    {"labels", V_SPECIAL, 0, 0, 0},
    {"infer_every_hops", V_INT, 1, 1000, ST(infer_every_hops)},
    {"threshold", V_FLOAT, 0.0, 1.0, ST(threshold)},
    {"average_window_ms", V_INT, 0, 60000, ST(average_window_ms)},
    {"min_count", V_INT, 1, 1000, ST(min_count)},
    {"suppression_ms", V_INT, 0, 600000, ST(suppression_ms)}
};

#undef FE
#undef ST

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static span trim(span s)
{
    while (s.n && is_space(s.p[0])) {
        s.p++;
        s.n--;
    }
    while (s.n && is_space(s.p[s.n - 1]))
        s.n--;
    return s;
}

static int span_is(span s, const char *word)
{
    size_t n = strlen(word);
    return s.n == n && memcmp(s.p, word, n) == 0;
}

static void span_text(span s, char *buf, size_t cap)
{
    size_t n = s.n < cap - 1 ? s.n : cap - 1;
    memcpy(buf, s.p, n);
    buf[n] = '\0';
}

/* An optional leading sign: 1 for '-', *i set past it. */
static int leading_sign(span s, size_t *i)
{
    *i = s.n && (s.p[0] == '-' || s.p[0] == '+') ? 1 : 0;
    return *i && s.p[0] == '-';
}

/* Decimal integer with optional sign; range [lo, hi]. */
static int parse_int(span s, int32_t lo, int32_t hi, int32_t *out)
{
    size_t i;
    const int neg = leading_sign(s, &i);
    int64_t v = 0;
    if (i == s.n)
        return 0;
    for (; i < s.n; i++) {
        if (s.p[i] < '0' || s.p[i] > '9')
            return 0;
        v = v * 10 + (s.p[i] - '0');
        if (v > (int64_t)1 << 32)
            return 0;
    }
    if (neg)
        v = -v;
    if (v < lo || v > hi)
        return 0;
    *out = (int32_t)v;
    return 1;
}

/* Decimal float: [sign] digits [. digits] [(e|E) [sign] digits], at least one digit in
 * the mantissa. Locale-independent (no strtod); range [lo, hi]. */
static int parse_float(span s, double lo, double hi, float *out)
{
    size_t i;
    const int neg = leading_sign(s, &i);
    int digits = 0, exp_neg = 0;
    int32_t exp = 0, exp10 = 0;
    double mant = 0.0, v;
    for (; i < s.n && s.p[i] >= '0' && s.p[i] <= '9'; i++, digits++)
        mant = mant * 10.0 + (s.p[i] - '0');
    if (i < s.n && s.p[i] == '.') {
        for (i++; i < s.n && s.p[i] >= '0' && s.p[i] <= '9'; i++, digits++) {
            mant = mant * 10.0 + (s.p[i] - '0');
            exp10--;
        }
    }
    if (digits == 0 || digits > 30)
        return 0;
    if (i < s.n && (s.p[i] == 'e' || s.p[i] == 'E')) {
        int exp_digits = 0;
        i++;
        if (i < s.n && (s.p[i] == '-' || s.p[i] == '+')) {
            exp_neg = s.p[i] == '-';
            i++;
        }
        for (; i < s.n && s.p[i] >= '0' && s.p[i] <= '9'; i++, exp_digits++) {
            exp = exp * 10 + (s.p[i] - '0');
            if (exp > 400)
                return 0;
        }
        if (exp_digits == 0)
            return 0;
    }
    if (i != s.n)
        return 0;
    exp10 += exp_neg ? -exp : exp;
    v = mant;
    while (exp10 > 0 && v < 1e300) {
        v *= 10.0;
        exp10--;
    }
    while (exp10 < 0 && v > 0.0) {
        v /= 10.0;
        exp10++;
    }
    if (exp10 > 0)
        return 0;
    if (neg)
        v = -v;
    if (v < lo || v > hi)
        return 0;
    *out = (float)v;
    return 1;
}

/* Comma-separated labels: trimmed, 1..MW_MAX_LABEL_LEN-1 visible ASCII characters,
 * distinct, at most MW_MAX_LABELS. Returns NULL or the reason. */
static const char *parse_labels(span v, mw_model_settings *s)
{
    size_t start = 0;
    int32_t count = 0, i;
    while (start <= v.n) {
        size_t end = start;
        span label;
        while (end < v.n && v.p[end] != ',')
            end++;
        label.p = v.p + start;
        label.n = end - start;
        label = trim(label);
        if (label.n == 0)
            return "empty label in";
        if (label.n >= MW_MAX_LABEL_LEN)
            return "label longer than 23 characters in";
        for (i = 0; i < (int32_t)label.n; i++) {
            if (label.p[i] <= ' ' || label.p[i] > '~')
                return "label with a character other than visible ASCII in";
        }
        if (count == MW_MAX_LABELS)
            return "more than 16 labels in";
        for (i = 0; i < count; i++) {
            if (span_is(label, s->labels[i]))
                return "duplicate label in";
        }
        span_text(label, s->labels[count], MW_MAX_LABEL_LEN);
        count++;
        start = end + 1;
    }
    s->label_count = count;
    return NULL;
}

/* Splits the entry into lines and calls back with trimmed key and value. */
typedef struct parser {
    const char *text;
    size_t len;
    size_t pos;
    int32_t line;
} parser;

/* Next key=value line; 0 at the end, -1 on a line without '='. */
static int next_pair(parser *ps, span *key, span *value)
{
    while (ps->pos < ps->len) {
        span line;
        size_t end = ps->pos, eq;
        while (end < ps->len && ps->text[end] != '\n')
            end++;
        line.p = ps->text + ps->pos;
        line.n = end - ps->pos;
        ps->pos = end + 1;
        ps->line++;
        line = trim(line);
        if (line.n == 0 || line.p[0] == '#')
            continue;
        for (eq = 0; eq < line.n && line.p[eq] != '='; eq++) {
        }
        if (eq == line.n)
            return -1;
        key->p = line.p;
        key->n = eq;
        value->p = line.p + eq + 1;
        value->n = line.n - eq - 1;
        *key = trim(*key);
        *value = trim(*value);
        return 1;
    }
    return 0;
}

static key_id find_key(span key)
{
    int k;
    for (k = 0; k < K_COUNT; k++) {
        if (span_is(key, rules[k].name))
            return (key_id)k;
    }
    return K_COUNT;
}

static mw_status fail(mw_diag *diag, int32_t line, const char *what, span key)
{
    char k[MW_KEY_TEXT];
    span_text(key, k, sizeof k);
    return mw_diag_set(diag, MW_ERR_METADATA, "microwake metadata line %d: %s '%s'", line, what, k);
}

/* Applies one value; returns NULL or the reason it is invalid. */
static const char *apply(mw_model_settings *s, key_id k, span v)
{
    const key_rule *r = &rules[k];
    void *field = (char *)s + r->offset;
    int32_t version;
    if (r->kind == V_INT)
        return parse_int(v, (int32_t)r->lo, (int32_t)r->hi, (int32_t *)field) ? NULL : "bad value for";
    if (r->kind == V_FLOAT) {
        if (parse_float(v, r->lo, r->hi, (float *)field))
            return NULL;
        return k == K_THRESHOLD ? "bad value (0..1) for" : "bad value for";
    }
    switch (k) {
    case K_VERSION:
        return parse_int(v, 1, 1, &version) ? NULL : "unsupported version (must be 1) for";
    case K_FRONTEND:
        return NULL; /* handled in the first pass */
    case K_WINDOW_FN:
        if (span_is(v, "hann"))
            s->frontend.window_fn = MW_WINDOW_HANN;
        else if (span_is(v, "hamming"))
            s->frontend.window_fn = MW_WINDOW_HAMMING;
        else
            return "expected hann or hamming for";
        return NULL;
    default: /* K_LABELS */
        return parse_labels(v, s);
    }
}

mw_status mw_settings_parse(const uint8_t *data, size_t len, mw_model_settings *out, mw_diag *diag)
{
    mw_model_settings s;
    parser ps;
    span key, value;
    int seen[K_COUNT];
    int r;
    int32_t kind = 0, values;
    if (!data || !out)
        return MW_ERR_ARGUMENT;
    /* Writers may pad the entry with NULs; any other NUL is an error. */
    while (len && data[len - 1] == 0)
        len--;
    if (memchr(data, 0, len))
        return mw_diag_set(diag, MW_ERR_METADATA, "microwake metadata contains a NUL byte");
    memset(seen, 0, sizeof seen);
    ps.text = (const char *)data;
    ps.len = len;

    /* Pass 1: the front-end kind decides the defaults of every other key. */
    ps.pos = 0;
    ps.line = 0;
    while ((r = next_pair(&ps, &key, &value)) != 0) {
        if (r < 0)
            return mw_diag_set(diag, MW_ERR_METADATA, "microwake metadata line %d: expected key=value", ps.line);
        if (span_is(key, "frontend")) {
            if (kind)
                return fail(diag, ps.line, "repeated key", key);
            if (span_is(value, "mfcc"))
                kind = MW_FRONTEND_MFCC;
            else if (span_is(value, "tflm-micro"))
                kind = MW_FRONTEND_TFLM_MICRO;
            else
                return fail(diag, ps.line, "expected mfcc or tflm-micro for", key);
        }
    }
    if (!kind)
        return mw_diag_set(diag, MW_ERR_METADATA, "microwake metadata: missing key 'frontend'");
    memset(&s, 0, sizeof s);
    mw_frontend_default_config(kind, &s.frontend);
    s.infer_every_hops = MW_DEFAULT_INFER_EVERY_HOPS;
    s.threshold = MW_DEFAULT_THRESHOLD;
    s.average_window_ms = MW_DEFAULT_AVERAGE_WINDOW_MS;
    s.min_count = MW_DEFAULT_MIN_COUNT;
    s.suppression_ms = MW_DEFAULT_SUPPRESSION_MS;

    /* Pass 2: every key. */
    ps.pos = 0;
    ps.line = 0;
    while (next_pair(&ps, &key, &value) > 0) {
        const key_id k = find_key(key);
        const char *why;
        if (k == K_COUNT)
            return fail(diag, ps.line, "unknown key", key);
        if (seen[k]++)
            return fail(diag, ps.line, "repeated key", key);
        why = apply(&s, k, value);
        if (why)
            return fail(diag, ps.line, why, key);
    }
    if (!seen[K_VERSION])
        return mw_diag_set(diag, MW_ERR_METADATA, "microwake metadata: missing key 'version'");
    if (!seen[K_LABELS])
        return mw_diag_set(diag, MW_ERR_METADATA, "microwake metadata: missing key 'labels'");
    if (mw_frontend_frame_size(&s.frontend, &values) != MW_OK)
        return mw_diag_set(diag, MW_ERR_METADATA,
                           "microwake metadata: front-end configuration not supported (see docs/frontends.md)");
    *out = s;
    return MW_OK;
}

mw_status mw_model_read_settings(const uint8_t *model, size_t model_len, mw_model_settings *settings, mw_diag *diag)
{
    const uint8_t *data;
    size_t len;
    mw_status st;
    if (!model || !settings)
        return MW_ERR_ARGUMENT;
    st = mw_model_metadata(model, model_len, "microwake", &data, &len);
    if (st == MW_ERR_NOT_FOUND)
        return mw_diag_set(diag, st, "model has no 'microwake' metadata entry");
    if (st != MW_OK)
        return mw_diag_set(diag, st, "cannot read the model's metadata: %s", mw_status_message(st));
    return mw_settings_parse(data, len, settings, diag);
}
