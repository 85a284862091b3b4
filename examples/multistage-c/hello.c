#include <stdio.h>

int main(void) {
    puts("hello from a tiny image");
    return 0;
}
