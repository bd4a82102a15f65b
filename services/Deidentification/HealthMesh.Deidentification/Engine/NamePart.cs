using HealthMesh.Deidentification.Surrogates;

namespace HealthMesh.Deidentification.Engine;

/// <param name="Kind"><see cref="SurrogateKind.GivenName"/> or <see cref="SurrogateKind.FamilyName"/>.</param>
public readonly record struct NamePart(string Name, SurrogateKind Kind);
