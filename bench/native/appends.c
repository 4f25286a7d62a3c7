/*
 * The small-write workload of bench/recorder-appends (issue 13): N appends of SIZE bytes to one
 * new file, fdatasync after every SYNC-th (0: never). Prints the elapsed wall time of the writes
 * in milliseconds, so that a recorder's start-up is not counted.
 *
 *   appends FILE N SIZE SYNC
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: appends FILE N SIZE SYNC\n");
    return 2;
  }
  long n = atol(argv[2]);
  long size = atol(argv[3]);
  long sync_every = atol(argv[4]);
  char *buf = malloc(size);
  if (buf == NULL) {
    return 2;
  }
  for (long i = 0; i < size; i++) {
    buf[i] = (char) ('a' + i % 26);
  }
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int fd = open(argv[1], O_WRONLY | O_CREAT | O_EXCL | O_APPEND, 0644);
  if (fd < 0) {
    perror("open");
    return 2;
  }
  for (long i = 1; i <= n; i++) {
    if (write(fd, buf, size) != size) {
      perror("write");
      return 2;
    }
    if (sync_every > 0 && i % sync_every == 0 && fdatasync(fd) != 0) {
      perror("fdatasync");
      return 2;
    }
  }
  if (close(fd) != 0) {
    perror("close");
    return 2;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%.1f\n", (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
  return 0;
}
