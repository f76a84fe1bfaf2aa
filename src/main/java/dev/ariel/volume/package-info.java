/**
 * Step 7b: solids. The 3D view volume ({@link dev.ariel.volume.VolumeView}), the octree and
 * brute-force height renderers ({@link dev.ariel.volume.VolumeRenderer}), which find each pixel's
 * top filled voxel and the model's gradient there ({@link dev.ariel.volume.HeightField}), and the
 * images made from them ({@link dev.ariel.volume.VolumeImages}: heightmaps, normal maps, shaded
 * pictures with optional ambient occlusion). Like {@code render}, whose images and tile sizes it
 * reuses, it is generic over {@link dev.ariel.eval.Backend} and imports nothing native.
 */
package dev.ariel.volume;
