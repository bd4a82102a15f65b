using HealthMesh.Deidentification.Surrogates;

namespace HealthMesh.Deidentification.FreeText;

/// <param name="Kind">Null when the replacement generalises (ZIP3, "90+") and cannot be reversed: it is not put in the vault.</param>
public readonly record struct TextReplacement(int Start, int Length, string Surrogate, string Original, SurrogateKind? Kind);
