/*
 * Parser of the "microwake" metadata entry (format: native-interop/docs/model-metadata.md).
 * Strict on purpose: unknown or repeated keys, malformed numbers, out-of-range values and
 * bad labels are errors that name the line, so a model can never run with settings other
 * than the ones its trainer wrote. Works on the entry in place (no copy, no heap).
 */
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

static const char *const key_names[K_COUNT] = {
    "version", "frontend", "sample_rate", "window_samples", "hop_samples", "fft_size", "window_fn",
    "mel_bands", "lower_hz", "upper_hz", "coeffs", "log_floor", "frames", "labels", "infer_every_hops",
    "threshold", "average_window_ms", "min_count", "suppression_ms"
};

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

/* Decimal integer with optional sign; range [lo, hi]. */
static int parse_int(span s, int32_t lo, int32_t hi, int32_t *out)
{
    size_t i = 0;
    int neg = 0;
    int64_t v = 0;
    if (s.n && (s.p[0] == '-' || s.p[0] == '+')) {
        neg = s.p[0] == '-';
        i = 1;
    }
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
    size_t i = 0;
    int neg = 0, digits = 0, exp_neg = 0;
    int32_t exp = 0, exp10 = 0;
    double mant = 0.0, v;
    if (s.n && (s.p[0] == '-' || s.p[0] == '+')) {
        neg = s.p[0] == '-';
        i = 1;
    }
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
        if (span_is(key, key_names[k]))
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
    mw_frontend_config *f = &s->frontend;
    int32_t version;
    switch (k) {
    case K_VERSION:
        return parse_int(v, 1, 1, &version) ? NULL : "unsupported version (must be 1) for";
    case K_FRONTEND:
        return NULL; /* handled in the first pass */
    case K_SAMPLE_RATE:
        return parse_int(v, 1000, 192000, &f->sample_rate) ? NULL : "bad value for";
    case K_WINDOW:
        return parse_int(v, 1, 65536, &f->window_samples) ? NULL : "bad value for";
    case K_HOP:
        return parse_int(v, 1, 65536, &f->hop_samples) ? NULL : "bad value for";
    case K_FFT:
        return parse_int(v, 1, 65536, &f->fft_size) ? NULL : "bad value for";
    case K_WINDOW_FN:
        if (span_is(v, "hann"))
            f->window_fn = MW_WINDOW_HANN;
        else if (span_is(v, "hamming"))
            f->window_fn = MW_WINDOW_HAMMING;
        else
            return "expected hann or hamming for";
        return NULL;
    case K_MEL_BANDS:
        return parse_int(v, 1, 1024, &f->num_mel_bands) ? NULL : "bad value for";
    case K_LOWER_HZ:
        return parse_float(v, 0.0, 96000.0, &f->lower_hz) ? NULL : "bad value for";
    case K_UPPER_HZ:
        return parse_float(v, 0.0, 96000.0, &f->upper_hz) ? NULL : "bad value for";
    case K_COEFFS:
        return parse_int(v, 1, 1024, &f->num_coeffs) ? NULL : "bad value for";
    case K_LOG_FLOOR:
        return parse_float(v, 1e-30, 1e30, &f->log_floor) ? NULL : "bad value for";
    case K_FRAMES:
        return parse_int(v, 1, 1000, &f->frames_per_window) ? NULL : "bad value for";
    case K_LABELS:
        return parse_labels(v, s);
    case K_INFER_EVERY:
        return parse_int(v, 1, 1000, &s->infer_every_hops) ? NULL : "bad value for";
    case K_THRESHOLD:
        return parse_float(v, 0.0, 1.0, &s->threshold) ? NULL : "bad value (0..1) for";
    case K_AVERAGE_MS:
        return parse_int(v, 0, 60000, &s->average_window_ms) ? NULL : "bad value for";
    case K_MIN_COUNT:
        return parse_int(v, 1, 1000, &s->min_count) ? NULL : "bad value for";
    case K_SUPPRESSION_MS:
        return parse_int(v, 0, 600000, &s->suppression_ms) ? NULL : "bad value for";
    default:
        return "unknown key";
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
