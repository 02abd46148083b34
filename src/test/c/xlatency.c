/*
 * Typing latency probe for TypingLatencyBenchmark (built by it with gcc; no binary is committed).
 *
 *   xlatency echo                         a bare X window that draws a block on 'x' and clears it on BackSpace:
 *                                         the harness's floor (X server, XTEST, one client, XGetImage)
 *   xlatency calibrate WINDOW             finds the cursor's row: types x, sees what changed, types BackSpace;
 *                                         prints "band Y0 Y1 X0 X1" (window coordinates)
 *   xlatency measure WINDOW Y0 Y1 KEYS SEED
 *                                         KEYS presses alternating x and BackSpace, a random 30-80 ms apart;
 *                                         prints "x|b MICROSECONDS" per key: from just before the XTEST press
 *                                         to the first poll of the band (full window width) that differs
 *
 * A blinking cursor changes the row by itself, so the probe first learns the row's steady images before
 * the x and after it (both blink phases), and a key counts as shown when the row is none of the images
 * it had before the key. After each key it waits for the row to settle into one of the images learned
 * for the other side; anything else (no echo, a different picture) ends the run with exit status 1.
 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/keysym.h>
#include <X11/extensions/XTest.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_STATES 16

typedef struct {
    int count;
    size_t size;
    char *image[MAX_STATES];
} States;

static Display *dpy;
static Window root;

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void sleep_ms(double ms) {
    struct timespec ts = {(time_t) (ms / 1000), (long) ((ms - (time_t) (ms / 1000) * 1000) * 1e6)};
    nanosleep(&ts, NULL);
}

static void fail(const char *message) {
    fprintf(stderr, "xlatency: %s\n", message);
    exit(1);
}

/* The window's place on the screen (the benchmark keeps each window raised while it is measured). */
static void geometry(Window w, int *x, int *y, int *width, int *height) {
    XWindowAttributes a;
    Window child;
    if (!XGetWindowAttributes(dpy, w, &a)) {
        fail("no such window");
    }
    if (a.map_state != IsViewable) {
        fail("the window is not viewable");
    }
    XTranslateCoordinates(dpy, w, root, 0, 0, x, y, &child);
    *width = a.width;
    *height = a.height;
}

typedef struct {
    int x, y, width, height;
} Area;

/* One screen capture of the area, as raw bytes (caller frees). */
static char *capture(Area area, size_t *size) {
    XImage *image = XGetImage(dpy, root, area.x, area.y, (unsigned) area.width, (unsigned) area.height,
                              AllPlanes, ZPixmap);
    if (image == NULL) {
        fail("XGetImage failed");
    }
    *size = (size_t) image->bytes_per_line * (size_t) image->height;
    char *copy = malloc(*size);
    memcpy(copy, image->data, *size);
    XDestroyImage(image);
    return copy;
}

static int known(const States *states, const char *image) {
    for (int i = 0; i < states->count; i++) {
        if (memcmp(states->image[i], image, states->size) == 0) {
            return 1;
        }
    }
    return 0;
}

static void forget(States *states) {
    for (int i = 0; i < states->count; i++) {
        free(states->image[i]);
    }
    states->count = 0;
}

/* Every distinct image the area shows within the time (a steady screen: one; a blinking cursor: two). */
static void learn(States *states, Area area, double ms) {
    forget(states);
    double end = now_ms() + ms;
    while (now_ms() < end) {
        size_t size;
        char *image = capture(area, &size);
        states->size = size;
        if (known(states, image)) {
            free(image);
        } else if (states->count == MAX_STATES) {
            fail("the area keeps changing by itself (more than 16 different images in a steady state)");
        } else {
            states->image[states->count++] = image;
        }
        sleep_ms(10);
    }
}

/* Polls until the area shows none of the images (1) or one of them (0); returns the time, or -1 on timeout. */
static double await_images(const States *states, Area area, int leave, double timeout_ms) {
    double end = now_ms() + timeout_ms;
    for (;;) {
        size_t size;
        char *image = capture(area, &size);
        double t = now_ms();
        int in = known(states, image);
        free(image);
        if (in != leave) {
            return t;
        }
        if (t > end) {
            return -1;
        }
    }
}

static void press(KeySym keysym) {
    KeyCode code = XKeysymToKeycode(dpy, keysym);
    XTestFakeKeyEvent(dpy, code, True, CurrentTime);
    XTestFakeKeyEvent(dpy, code, False, CurrentTime);
    XFlush(dpy);
}

static void focus(Window w) {
    XRaiseWindow(dpy, w);
    XSetInputFocus(dpy, w, RevertToParent, CurrentTime);
    XSync(dpy, False);
    sleep_ms(400);
}

static void echo_window(void) {
    int screen = DefaultScreen(dpy);
    Window w = XCreateSimpleWindow(dpy, root, 1900, 1400, 300, 60, 0, BlackPixel(dpy, screen),
                                   WhitePixel(dpy, screen));
    XStoreName(dpy, w, "hflat-floor");
    XSelectInput(dpy, w, KeyPressMask | ExposureMask | StructureNotifyMask);
    XMapRaised(dpy, w);
    GC gc = XCreateGC(dpy, w, 0, NULL);
    XSetForeground(dpy, gc, BlackPixel(dpy, screen));
    int shown = 0;
    int announced = 0;
    for (;;) {
        XEvent event;
        XNextEvent(dpy, &event);
        if (event.type == MapNotify && !announced) {
            announced = 1;
            printf("window %lu\n", (unsigned long) w);
            fflush(stdout);
        } else if (event.type == KeyPress) {
            KeySym keysym = XLookupKeysym(&event.xkey, 0);
            if (keysym == XK_x) {
                shown = 1;
            } else if (keysym == XK_BackSpace) {
                shown = 0;
            }
        }
        if (event.type == KeyPress || event.type == Expose) {
            if (shown) {
                XFillRectangle(dpy, w, gc, 20, 20, 9, 16);
            } else {
                XClearArea(dpy, w, 20, 20, 9, 16, False);
            }
            XFlush(dpy);
        }
    }
}

static int calibrate(Window w) {
    int x, y, width, height;
    focus(w);
    geometry(w, &x, &y, &width, &height);
    Area whole = {x, y, width, height};
    States before = {0}, after = {0};
    learn(&before, whole, 1500);
    size_t size;
    char *last = capture(whole, &size); /* what the window shows just before the x */
    press(XK_x);
    if (await_images(&before, whole, 1, 5000) < 0) {
        fail("calibration: typing x changed nothing in the window within 5 s (focus? echo?)");
    }
    sleep_ms(300);
    learn(&after, whole, 1500);
    /* the rows the x changed; other parts of the window may change by themselves (Holdfast's status bar
       counts the seconds the server has been silent), so the cursor's row is the topmost group of them */
    int line = (int) (after.size / (size_t) height);
    char *changed = calloc((size_t) height, 1);
    int x0 = width, x1 = -1;
    for (int j = 0; j < after.count; j++) {
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                size_t at = (size_t) row * line + (size_t) col * 4;
                if (memcmp(last + at, after.image[j] + at, 4) != 0) {
                    changed[row] = 1;
                }
            }
        }
    }
    int y0 = 0;
    while (y0 < height && !changed[y0]) {
        y0++;
    }
    if (y0 == height) {
        fail("calibration: the window showed no change after the x");
    }
    int y1 = y0;
    while (y1 + 1 < height && (changed[y1 + 1] || (y1 + 2 < height && changed[y1 + 2]))) {
        y1++;
    }
    for (int j = 0; j < after.count; j++) {
        for (int row = y0; row <= y1; row++) {
            for (int col = 0; col < width; col++) {
                size_t at = (size_t) row * line + (size_t) col * 4;
                if (memcmp(last + at, after.image[j] + at, 4) != 0) {
                    if (col < x0) x0 = col;
                    if (col > x1) x1 = col;
                }
            }
        }
    }
    if (y1 - y0 > 80) {
        fprintf(stderr, "xlatency: changed rows %d-%d, columns %d-%d\n", y0, y1, x0, x1);
        fail("calibration: the x changed more than one text row");
    }
    Area band = {x, y + y0, width, y1 - y0 + 1};
    States typed = {0};
    learn(&typed, band, 600);
    press(XK_BackSpace);
    if (await_images(&typed, band, 1, 5000) < 0) {
        fail("calibration: BackSpace did not change the cursor's row back");
    }
    printf("band %d %d %d %d\n", y0, y1, x0, x1);
    return 0;
}

static int measure(Window w, int y0, int y1, int keys, unsigned seed) {
    int x, y, width, height;
    focus(w);
    geometry(w, &x, &y, &width, &height);
    Area band = {x, y + y0, width, y1 - y0 + 1};
    States without = {0}, with = {0};
    srand(seed);
    /* one untimed x and BackSpace: learn the row's images on both sides */
    learn(&without, band, 1200);
    press(XK_x);
    if (await_images(&without, band, 1, 5000) < 0) {
        fail("typing x changed nothing in the cursor's row within 5 s");
    }
    sleep_ms(200);
    learn(&with, band, 1200);
    press(XK_BackSpace);
    if (await_images(&without, band, 0, 5000) < 0) {
        fail("BackSpace did not bring the row back");
    }
    for (int i = 0; i < keys; i++) {
        int typing = i % 2 == 0;
        const States *from = typing ? &without : &with;
        const States *to = typing ? &with : &without;
        sleep_ms(30 + rand() % 51);
        if (await_images(from, band, 0, 2000) < 0) {
            fail("the row is not in the state it should be in before the key");
        }
        double begin = now_ms();
        press(typing ? XK_x : XK_BackSpace);
        double shown = await_images(from, band, 1, 5000);
        if (shown < 0) {
            fail("a key did not show within 5 s");
        }
        if (await_images(to, band, 0, 5000) < 0) {
            fail("the row changed, but not into the picture learnt for the key (a different echo?)");
        }
        printf("%c %.0f\n", typing ? 'x' : 'b', (shown - begin) * 1000);
        fflush(stdout);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fail("usage: xlatency echo | calibrate WINDOW | measure WINDOW Y0 Y1 KEYS SEED");
    }
    dpy = XOpenDisplay(NULL);
    if (dpy == NULL) {
        fail("cannot open the display (DISPLAY?)");
    }
    int event, error, major, minor;
    if (!XTestQueryExtension(dpy, &event, &error, &major, &minor)) {
        fail("the X server has no XTEST extension");
    }
    root = DefaultRootWindow(dpy);
    if (strcmp(argv[1], "echo") == 0) {
        echo_window();
        return 0;
    }
    if (strcmp(argv[1], "calibrate") == 0 && argc == 3) {
        return calibrate((Window) strtoul(argv[2], NULL, 0));
    }
    if (strcmp(argv[1], "measure") == 0 && argc == 7) {
        return measure((Window) strtoul(argv[2], NULL, 0), atoi(argv[3]), atoi(argv[4]), atoi(argv[5]),
                       (unsigned) strtoul(argv[6], NULL, 0));
    }
    fail("usage: xlatency echo | calibrate WINDOW | measure WINDOW Y0 Y1 KEYS SEED");
    return 1;
}
