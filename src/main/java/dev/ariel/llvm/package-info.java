/**
 * Step 5: lowering to LLVM, the step that turns an {@link dev.ariel.tape.SsaTape} into an LLVM IR module
 * through the LLVM C API (bytedeco's JavaCPP presets), runs the {@code default<On>} pass pipeline
 * and generates host machine code.
 *
 * <p>{@link dev.ariel.llvm.KernelIr} emits one vectorised row function per tape, one or many to a module;
 * {@link dev.ariel.llvm.GradientIr} a vectorised gradient function, with the same value lowering;
 * {@link dev.ariel.llvm.HostMachine} owns a target machine for the host CPU at one codegen level;
 * {@link dev.ariel.llvm.IrModule} owns an LLVM context and its module. Every LLVM object has exactly
 * one owner and is freed by {@code close()}; every {@code LLVMErrorRef} becomes an
 * {@link dev.ariel.llvm.LlvmException} in {@link dev.ariel.llvm.Llvm#check}. Only this package and
 * {@code dev.ariel.jit} import {@code org.bytedeco}.
 */
package dev.ariel.llvm;
