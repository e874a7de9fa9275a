/* The "microwake" metadata entry parser: the documented format is accepted (defaults,
 * comments, CRLF, any key order), every kind of malformed entry is refused with
 * MW_ERR_METADATA, and mw_model_read_settings finds the entry inside a model. */
#include <math.h>

#include "microwake.h"
#include "mw_settings.h"
#include "mw_test.h"

static const char full_mfcc[] =
    "# MicroWake yes/no model\n"
    "version=1\n"
    "frontend=mfcc\n"
    "sample_rate=16000\n"
    "window_samples=480\n"
    "hop_samples=160\n"
    "fft_size=512\n"
    "window_fn=hamming\n"
    "mel_bands=32\n"
    "lower_hz=60\n"
    "upper_hz=7600.5\n"
    "coeffs=13\n"
    "log_floor=1e-6\n"
    "frames=98\n"
    "labels=silence,unknown,yes,no\n"
    "infer_every_hops=3\n"
    "threshold=0.75\n"
    "average_window_ms=800\n"
    "min_count=2\n"
    "suppression_ms=1200\n";

static mw_status parse(const char *text, mw_model_settings *s, mw_diag *d)
{
    return mw_settings_parse((const uint8_t *)text, strlen(text), s, d);
}

static void test_accepts(void)
{
    mw_model_settings s;
    mw_diag d;
    MW_CHECK_STATUS(parse(full_mfcc, &s, &d), MW_OK);
    MW_CHECK(s.frontend.kind == MW_FRONTEND_MFCC && s.frontend.sample_rate == 16000);
    MW_CHECK(s.frontend.window_samples == 480 && s.frontend.hop_samples == 160 && s.frontend.fft_size == 512);
    MW_CHECK(s.frontend.window_fn == MW_WINDOW_HAMMING && s.frontend.num_mel_bands == 32);
    MW_CHECK(s.frontend.lower_hz == 60.0f && s.frontend.upper_hz == 7600.5f && s.frontend.num_coeffs == 13);
    MW_CHECK(fabsf(s.frontend.log_floor - 1e-6f) < 1e-12f && s.frontend.frames_per_window == 98);
    MW_CHECK(s.label_count == 4 && strcmp(s.labels[0], "silence") == 0 && strcmp(s.labels[3], "no") == 0);
    MW_CHECK(s.infer_every_hops == 3 && s.threshold == 0.75f && s.average_window_ms == 800);
    MW_CHECK(s.min_count == 2 && s.suppression_ms == 1200);

    /* Minimal entry: defaults of the front end and of the detection keys. */
    MW_CHECK_STATUS(parse("labels = a, b ,c\r\nfrontend=tflm-micro\r\n\r\n  # comment\r\nversion=1", &s, &d), MW_OK);
    MW_CHECK(s.frontend.kind == MW_FRONTEND_TFLM_MICRO && s.frontend.window_samples == 480 &&
             s.frontend.fft_size == 512 && s.frontend.num_mel_bands == 40 && s.frontend.frames_per_window == 49);
    MW_CHECK(s.label_count == 3 && strcmp(s.labels[1], "b") == 0 && strcmp(s.labels[2], "c") == 0);
    MW_CHECK(s.infer_every_hops == MW_DEFAULT_INFER_EVERY_HOPS && s.threshold == MW_DEFAULT_THRESHOLD &&
             s.average_window_ms == MW_DEFAULT_AVERAGE_WINDOW_MS && s.min_count == MW_DEFAULT_MIN_COUNT &&
             s.suppression_ms == MW_DEFAULT_SUPPRESSION_MS);
    MW_CHECK_STATUS(parse("version=1\nfrontend=mfcc\nlabels=x\n", &s, &d), MW_OK);
    MW_CHECK(s.frontend.window_samples == 640 && s.frontend.num_coeffs == 10 && s.frontend.fft_size == 1024);
    /* Trailing NUL padding, sixteen labels of 23 characters, numbers with signs and exponents. */
    {
        static const uint8_t padded[] = "version=1\nfrontend=mfcc\nlabels=x\nthreshold=+5E-1\0\0";
        MW_CHECK_STATUS(mw_settings_parse(padded, sizeof padded, &s, &d), MW_OK);
        MW_CHECK(s.threshold == 0.5f);
    }
    MW_CHECK_STATUS(parse("version=1\nfrontend=mfcc\nlog_floor=.5e-3\nlabels=aaaaaaaaaaaaaaaaaaaaaaa,b,c,d,e,f,g,"
                          "h,i,j,k,l,m,n,o,p\n",
                          &s, &d),
                    MW_OK);
    MW_CHECK(s.label_count == 16 && strlen(s.labels[0]) == 23 && fabsf(s.frontend.log_floor - 5e-4f) < 1e-10f);
}

static void expect_reject(const char *text, const char *why)
{
    mw_model_settings s;
    mw_diag d;
    memset(&s, 0x5a, sizeof s);
    d.message[0] = '\0';
    MW_CHECK_STATUS(parse(text, &s, &d), MW_ERR_METADATA);
    MW_CHECK(d.status == MW_ERR_METADATA && d.message[0] != '\0');
    MW_CHECK(((const uint8_t *)&s)[0] == 0x5a); /* output untouched */
    printf("rejected (%s): %s\n", why, d.message);
}

#define BASE "version=1\nfrontend=mfcc\nlabels=a,b\n"

static void test_rejects(void)
{
    static const uint8_t nul[] = "version=1\nfrontend=mfcc\0\nlabels=a\n";
    mw_model_settings s;
    mw_diag d;
    expect_reject(BASE "treshold=0.5\n", "unknown key");
    expect_reject(BASE "Threshold=0.5\n", "keys are case-sensitive");
    expect_reject(BASE "threshold=0.5\nthreshold=0.6\n", "repeated key");
    expect_reject(BASE "frontend=mfcc\n", "repeated frontend");
    expect_reject(BASE "threshold\n", "no '='");
    expect_reject(BASE "threshold=\n", "empty value");
    expect_reject(BASE "threshold=0.5x\n", "trailing junk");
    expect_reject(BASE "threshold=1.5\n", "threshold above 1");
    expect_reject(BASE "threshold=nan\n", "nan");
    expect_reject(BASE "threshold=inf\n", "inf");
    expect_reject(BASE "threshold=0x1p-1\n", "hex float");
    expect_reject(BASE "threshold=1e\n", "exponent without digits");
    expect_reject(BASE "hop_samples=16O\n", "letter in integer");
    expect_reject(BASE "hop_samples=1.5\n", "fraction in integer");
    expect_reject(BASE "hop_samples=-320\n", "negative hop");
    expect_reject(BASE "sample_rate=99999999999999999999\n", "integer overflow");
    expect_reject(BASE "infer_every_hops=0\n", "zero hops");
    expect_reject(BASE "min_count=0\n", "zero min_count");
    expect_reject(BASE "window_fn=blackman\n", "unknown window");
    expect_reject(BASE "fft_size=1000\n", "fft not a power of two");
    expect_reject(BASE "fft_size=512\n", "fft smaller than the window");
    expect_reject(BASE "coeffs=41\n", "more coefficients than bands");
    expect_reject(BASE "upper_hz=9000\n", "upper above Nyquist");
    expect_reject("version=2\nfrontend=mfcc\nlabels=a\n", "version 2");
    expect_reject("frontend=mfcc\nlabels=a\n", "missing version");
    expect_reject("version=1\nlabels=a\n", "missing frontend");
    expect_reject("version=1\nfrontend=mfcc\n", "missing labels");
    expect_reject("version=1\nfrontend=mel\nlabels=a\n", "unknown front end");
    expect_reject("version=1\nfrontend=tflm-micro\nlabels=a\nupper_hz=8000\n", "tflm-micro other than micro_speech's");
    expect_reject("version=1\nfrontend=mfcc\nlabels=a,,b\n", "empty label");
    expect_reject("version=1\nfrontend=mfcc\nlabels=a,b,\n", "trailing comma");
    expect_reject("version=1\nfrontend=mfcc\nlabels=a,a\n", "duplicate label");
    expect_reject("version=1\nfrontend=mfcc\nlabels=yes please\n", "space inside a label");
    expect_reject("version=1\nfrontend=mfcc\nlabels=aaaaaaaaaaaaaaaaaaaaaaaa\n", "label of 24 characters");
    expect_reject("version=1\nfrontend=mfcc\nlabels=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q\n", "17 labels");
    expect_reject("", "empty entry");
    MW_CHECK_STATUS(mw_settings_parse(nul, sizeof nul - 1, &s, &d), MW_ERR_METADATA);
    MW_CHECK_STATUS(mw_settings_parse(NULL, 0, &s, &d), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_settings_parse((const uint8_t *)"x", 1, NULL, &d), MW_ERR_ARGUMENT);
}

/* Every truncation and many random byte changes of a valid entry: never a crash (the
 * suite also runs under ASan/UBSan), only MW_OK or MW_ERR_METADATA, and a failed parse
 * leaves the output untouched. */
static void test_mutations(void)
{
    static uint8_t text[sizeof full_mfcc];
    const size_t len = sizeof full_mfcc - 1;
    mw_model_settings s;
    mw_diag d;
    uint32_t seed = 99u;
    size_t cut;
    int i, ok = 0, refused = 0, other = 0, touched = 0;
    for (cut = 0; cut <= len; cut++) {
        const mw_status st = mw_settings_parse((const uint8_t *)full_mfcc, cut, &s, &d);
        ok += st == MW_OK;
        refused += st == MW_ERR_METADATA;
        other += st != MW_OK && st != MW_ERR_METADATA;
    }
    for (i = 0; i < 5000; i++) {
        int k;
        mw_status st;
        memcpy(text, full_mfcc, len);
        for (k = 0; k < 1 + i % 4; k++) {
            seed = seed * 1664525u + 1013904223u;
            text[(seed >> 8) % len] = (uint8_t)(seed >> 24);
        }
        memset(&s, 0x5a, sizeof s);
        st = mw_settings_parse(text, len, &s, &d);
        ok += st == MW_OK;
        refused += st == MW_ERR_METADATA;
        other += st != MW_OK && st != MW_ERR_METADATA;
        touched += st != MW_OK && ((const uint8_t *)&s)[0] != 0x5a;
    }
    printf("mutations: %d accepted, %d refused, %d other\n", ok, refused, other);
    MW_CHECK(other == 0 && touched == 0 && refused > 0 && ok > 0);
}

/* ---- a minimal TFLite flatbuffer carrying only buffers and a metadata entry ---- */

typedef struct fbw {
    uint8_t b[4096];
    uint32_t n;
} fbw;

static uint32_t put32(fbw *w, uint32_t v)
{
    uint32_t at = w->n;
    w->b[at] = (uint8_t)v;
    w->b[at + 1] = (uint8_t)(v >> 8);
    w->b[at + 2] = (uint8_t)(v >> 16);
    w->b[at + 3] = (uint8_t)(v >> 24);
    w->n += 4;
    return at;
}

static void put16(fbw *w, uint16_t v)
{
    w->b[w->n++] = (uint8_t)v;
    w->b[w->n++] = (uint8_t)(v >> 8);
}

static void set32(fbw *w, uint32_t at, uint32_t v)
{
    uint32_t save = w->n;
    w->n = at;
    put32(w, v);
    w->n = save;
}

/* vtable with `count` field offsets (0 = absent); returns its position. */
static uint32_t vtable(fbw *w, int count, const uint16_t *offs, uint16_t table_size)
{
    uint32_t at = w->n;
    int i;
    put16(w, (uint16_t)(4 + 2 * count));
    put16(w, table_size);
    for (i = 0; i < count; i++)
        put16(w, offs[i]);
    while (w->n % 4)
        w->b[w->n++] = 0;
    return at;
}

static uint32_t table_start(fbw *w, uint32_t vt)
{
    return put32(w, w->n - vt); /* soffset: table - vtable */
}

static size_t build_model(fbw *w, const char *entry_name, const char *text)
{
    static const uint16_t root_offs[7] = { 4, 0, 0, 0, 8, 0, 12 };
    static const uint16_t buf_offs[1] = { 4 };
    static const uint16_t meta_offs[2] = { 4, 8 };
    uint32_t root_ref, vt, fix_buffers, fix_meta, fix_b0, fix_b1, fix_m0, fix_name, fix_data, i;
    const uint32_t tlen = (uint32_t)strlen(text), nlen = (uint32_t)strlen(entry_name);
    memset(w, 0, sizeof *w);
    root_ref = put32(w, 0);
    vt = vtable(w, 7, root_offs, 16);
    set32(w, root_ref, w->n - root_ref);
    table_start(w, vt);
    put32(w, 3); /* schema version */
    fix_buffers = put32(w, 0);
    fix_meta = put32(w, 0);
    /* buffers: [empty, text] */
    set32(w, fix_buffers, w->n - fix_buffers);
    put32(w, 2);
    fix_b0 = put32(w, 0);
    fix_b1 = put32(w, 0);
    vt = vtable(w, 0, NULL, 4);
    set32(w, fix_b0, w->n - fix_b0);
    table_start(w, vt);
    vt = vtable(w, 1, buf_offs, 8);
    set32(w, fix_b1, w->n - fix_b1);
    table_start(w, vt);
    fix_data = put32(w, 0);
    /* metadata: [{name, buffer 1}] */
    set32(w, fix_meta, w->n - fix_meta);
    put32(w, 1);
    fix_m0 = put32(w, 0);
    vt = vtable(w, 2, meta_offs, 12);
    set32(w, fix_m0, w->n - fix_m0);
    table_start(w, vt);
    fix_name = put32(w, 0);
    put32(w, 1);
    set32(w, fix_name, w->n - fix_name);
    put32(w, nlen);
    for (i = 0; i <= nlen; i++)
        w->b[w->n++] = (uint8_t)entry_name[i];
    while (w->n % 4)
        w->b[w->n++] = 0;
    set32(w, fix_data, w->n - fix_data);
    put32(w, tlen);
    memcpy(w->b + w->n, text, tlen);
    w->n += tlen;
    return w->n;
}

static void test_model_entry(void)
{
    static fbw w;
    static uint8_t model[20000];
    mw_model_settings s;
    mw_diag d;
    char path[512];
    long n;
    size_t len = build_model(&w, "microwake", full_mfcc);
    MW_CHECK_STATUS(mw_model_read_settings(w.b, len, &s, &d), MW_OK);
    MW_CHECK(s.frontend.num_coeffs == 13 && s.label_count == 4 && s.infer_every_hops == 3);
    len = build_model(&w, "microwake", BASE "bogus=1\n");
    MW_CHECK_STATUS(mw_model_read_settings(w.b, len, &s, &d), MW_ERR_METADATA);
    len = build_model(&w, "min_runtime_version", full_mfcc);
    MW_CHECK_STATUS(mw_model_read_settings(w.b, len, &s, &d), MW_ERR_NOT_FOUND);
    len = build_model(&w, "microwake", full_mfcc);
    MW_CHECK(mw_model_read_settings(w.b, len - 40, &s, &d) != MW_OK); /* truncated */
    MW_CHECK_STATUS(mw_model_read_settings(NULL, 0, &s, &d), MW_ERR_ARGUMENT);
    /* TFLM's micro_speech has no MicroWake entry. */
    snprintf(path, sizeof path, "%s/tflm/models/micro_speech_quantized.tflite", MW_TEST_DATA);
    n = mw_test_read_file(path, model, sizeof model);
    MW_CHECK(n > 0);
    MW_CHECK_STATUS(mw_model_read_settings(model, (size_t)n, &s, &d), MW_ERR_NOT_FOUND);
}

int main(void)
{
    test_accepts();
    test_rejects();
    test_mutations();
    test_model_entry();
    return mw_test_summary("test_settings");
}
