/*
 * Print the 15 MICIC Guidelines with their phase and thematic area.
 *
 * Build against an installed libmicic:
 *   cc guidelines.c $(pkg-config --cflags --libs micic) -o guidelines
 * or with CMake: see CMakeLists.txt beside this file.
 */
#include <stdio.h>

#include <micic/micic.h>

int main(void) {
    size_t i, n = micic_guideline_count();

    /* Headers and library must agree (a stale libmicic.so would not). */
    if (micic_version_number() != MICIC_VERSION_NUMBER) {
        fprintf(stderr, "libmicic %s does not match the headers (%s)\n", micic_version(),
                MICIC_VERSION_STRING);
        return 1;
    }
    for (i = 1; i <= n; i++) {
        /* Catalogue pointers are borrowed from static tables: never freed. */
        const micic_guideline *g = micic_guideline_get((int)i);
        if (!g) {
            fprintf(stderr, "guideline %zu is missing\n", i);
            return 1;
        }
        printf("GUIDELINE %d: %s [%s | %s]\n", micic_guideline_number(g),
               micic_guideline_title(g), micic_phase_label(micic_guideline_phase(g)),
               micic_guideline_theme(g));
    }
    return 0;
}
