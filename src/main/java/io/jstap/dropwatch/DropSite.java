package io.jstap.dropwatch;

/**
 * Where and why packets were dropped: the kernel address the freeing call returns to ({@code
 * location}, an instruction inside the function that dropped) and the drop reason's number.
 */
public record DropSite(long location, long reason) {}
