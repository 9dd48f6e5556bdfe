#include <stdio.h>
#include "micic/micic.h"
int main(void) { printf("%s\n", micic_version()); return 0; }
