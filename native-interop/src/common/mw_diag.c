/* Diagnostics without stdio: a tiny formatter so the library needs no printf on targets. */
#include <stdarg.h>
#include <string.h>

#include "mw_common.h"

float mw_load_f32(const uint8_t *p)
{
    uint32_t u = mw_load_u32(p);
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

typedef struct mw_text {
    char *buf;
    size_t cap; /* including the terminating NUL */
    size_t len;
} mw_text;

static void text_putc(mw_text *t, char c)
{
    if (t->len + 1 < t->cap) {
        t->buf[t->len++] = c;
    }
}

static void text_puts(mw_text *t, const char *s)
{
    if (!s) {
        s = "(null)";
    }
    while (*s) {
        text_putc(t, *s++);
    }
}

static void text_putu(mw_text *t, uint32_t v)
{
    char digits[10];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    while (n) {
        text_putc(t, digits[--n]);
    }
}

mw_status mw_diag_set(mw_diag *diag, mw_status status, const char *fmt, ...)
{
    mw_text t;
    va_list ap;
    if (!diag) {
        return status;
    }
    diag->status = status;
    t.buf = diag->message;
    t.cap = sizeof diag->message;
    t.len = 0;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%' || !fmt[1]) {
            text_putc(&t, *fmt);
            continue;
        }
        fmt++;
        if (*fmt == 's') {
            text_puts(&t, va_arg(ap, const char *));
        } else if (*fmt == 'u') {
            text_putu(&t, va_arg(ap, uint32_t));
        } else if (*fmt == 'd') {
            int32_t v = va_arg(ap, int32_t);
            if (v < 0) {
                text_putc(&t, '-');
                text_putu(&t, (uint32_t)0 - (uint32_t)v);
            } else {
                text_putu(&t, (uint32_t)v);
            }
        } else {
            text_putc(&t, *fmt);
        }
    }
    va_end(ap);
    t.buf[t.len] = '\0';
    return status;
}
