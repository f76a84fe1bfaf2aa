package dev.ariel.volume;

/**
 * One 3D render: its height field and its statistics.
 *
 * @param field heights, and gradients if asked for
 * @param stats where the time went
 */
public record VolumeFrame(HeightField field, VolumeStats stats) {}
