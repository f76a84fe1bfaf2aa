/**
 * Step 7c: meshes. {@link dev.ariel.mesh.Mesher} turns a model into a closed, oriented triangle
 * mesh: an octree of interval arithmetic proves cells inside or outside and simplifies the tape
 * per block of cells ({@link dev.ariel.mesh.Octree}), and manifold dual contouring places one
 * vertex per surface component of each undecided finest cell ({@link dev.ariel.mesh.Contour}),
 * from the tangent planes at the edge crossings ({@link dev.ariel.mesh.Qef}).
 * {@link dev.ariel.mesh.MeshFiles} writes binary or ASCII STL, OBJ and PLY through
 * {@link dev.ariel.io.OutputFiles}. Generic over {@link dev.ariel.eval.Backend}; imports nothing
 * native and nothing from {@code volume}.
 */
package dev.ariel.mesh;
