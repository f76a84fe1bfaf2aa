package dev.ariel.llvm;

/**
 * Relocatable machine code for one module, as an object file in memory.
 *
 * @param bytes the object file (ELF on Linux)
 * @param textBytes the size of its executable sections: the machine code proper
 */
public record ObjectCode(byte[] bytes, long textBytes) {}
