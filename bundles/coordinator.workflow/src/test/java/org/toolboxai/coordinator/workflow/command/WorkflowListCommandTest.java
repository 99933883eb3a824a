package org.toolboxai.coordinator.workflow.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.toolboxai.api.workflow.RunState;

class WorkflowListCommandTest {

    @Test
    void statesAreReadInAnyCase() {
        assertThat(WorkflowListCommand.parse("running")).isEqualTo(RunState.RUNNING);
        assertThat(WorkflowListCommand.parse(" Completed ")).isEqualTo(RunState.COMPLETED);
    }

    @Test
    void anUnknownStateFailsTheCommandNamingEveryAllowedState() {
        WorkflowListCommand command = new WorkflowListCommand();
        command.state = "BOGUS";

        assertThatThrownBy(command::execute)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown state 'BOGUS'; use one of QUEUED, RUNNING, PAUSED, COMPLETED, FAILED, CANCELLED.");
    }
}
