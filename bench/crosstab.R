# R side of the cross-tab benchmark (bench/run.sh): base R only.
# Usage: Rscript bench/crosstab.R FILE.csv ROWS COLS
# Prints one JSON object: seconds of the timed phase (splitting the
# multi-valued cells, pairing them and table()), after read.csv.
args <- commandArgs(trailingOnly = TRUE)
df <- read.csv(args[1], colClasses = "character", na.strings = character(0),
               encoding = "UTF-8")
t0 <- proc.time()[["elapsed"]]
r <- strsplit(df[[args[2]]], "; ", fixed = TRUE)
k <- strsplit(df[[args[3]]], "; ", fixed = TRUE)
# every (row value, column value) pair of a record: lengths(r) * lengths(k)
nr <- lengths(r)
nk <- lengths(k)
rows <- rep(unlist(r), rep(rep(nk, nr), 1))
cols <- unlist(mapply(function(a, b) rep(b, times = length(a)), r, k, SIMPLIFY = FALSE),
               use.names = FALSE)
tab <- table(rows, cols)
t1 <- proc.time()[["elapsed"]]
cat(sprintf('{"seconds": %.6f, "records": %d, "cells": %d, "total": %d}\n',
            t1 - t0, nrow(df), length(tab), as.integer(sum(tab))))
