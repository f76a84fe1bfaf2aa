package dev.ariel.cli;

import static dev.ariel.cli.CliTest.assertOneLineError;
import static dev.ariel.cli.CliTest.run;

import org.junit.jupiter.api.Test;

/** A mistyped command or option gets picocli's guess in the one-line usage error. */
class UsageHintsTest {
    @Test
    void aMistypedCommandIsGuessed() {
        assertOneLineError(ExitCodes.USAGE,
                "ariel: Unmatched argument at index 0: 'rendr'; did you mean 'render'? (see 'ariel --help')", run("rendr"));
    }

    @Test
    void aMistypedSubcommandIsGuessed() {
        assertOneLineError(ExitCodes.USAGE,
                "ariel: Unmatched argument at index 1: 'inf'; did you mean 'info'? (see 'ariel cache --help')",
                run("cache", "inf"));
    }

    @Test
    void aMistypedOptionIsGuessed() {
        assertOneLineError(ExitCodes.USAGE,
                "ariel: Unknown option: '--engin=jit'; did you mean '--engine'? (see 'ariel render --help')",
                run("render", "--engin=jit"));
    }

    @Test
    void theCloserOfTwoCommandsIsGuessed() {
        assertOneLineError(ExitCodes.USAGE,
                "ariel: Unmatched argument at index 0: 'rendr3d'; did you mean 'render3d'? (see 'ariel --help')",
                run("rendr3d"));
    }

    @Test
    void nothingCloseGetsNoGuess() {
        assertOneLineError(ExitCodes.USAGE, "ariel: Unmatched argument at index 0: 'xyzzy' (see 'ariel --help')",
                run("xyzzy"));
        // picocli would guess --frames: four edits away is no typo
        assertOneLineError(ExitCodes.USAGE, "ariel: Unknown option: '--frob' (see 'ariel render --help')",
                run("render", "--frob"));
    }

    @Test
    void editsCountsInsertionsDeletionsAndSubstitutions() {
        org.junit.jupiter.api.Assertions.assertEquals(1, Cli.edits("rendr", "render"));
        org.junit.jupiter.api.Assertions.assertEquals(4, Cli.edits("--frob", "--frames"));
        org.junit.jupiter.api.Assertions.assertEquals(3, Cli.edits("", "env"));
        org.junit.jupiter.api.Assertions.assertEquals(0, Cli.edits("mesh", "mesh"));
    }
}
