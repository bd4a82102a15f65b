using HealthMesh.Deidentification.Surrogates;

namespace HealthMesh.Deidentification.Vault;

/// <summary>One surrogate exactly as it was written into de-identified text or data, and the original it replaced.</summary>
public sealed record VaultEntry(string Surrogate, string Original, SurrogateKind Kind);
