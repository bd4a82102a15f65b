namespace HealthMesh.Orchestrator.Operations.Status;

/// <summary>The workflow of a state that has been in it longest.</summary>
/// <param name="EnteredAt">When it entered the state (not its last update: retries and escalations keep the state).</param>
/// <param name="AgeInState">How long it has been in the state, as of the status's time.</param>
public sealed record OldestWorkflow(string State, Guid WorkflowId, DateTimeOffset EnteredAt, TimeSpan AgeInState);
