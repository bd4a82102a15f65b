namespace HealthMesh.WriteBack.UnitTests.Reidentification;

public sealed record TestVaultEntry(string Surrogate, string Original);
