namespace HealthMesh.Intake.Context;

/// <summary>Type, id and (when the reference is versioned) version of a FHIR reference, relative or absolute.</summary>
public sealed record ResourceKey(string ResourceType, string Id, string? Version)
{
    public override string ToString() => $"{ResourceType}/{Id}";

    /// <summary>Parses <c>Type/id</c>, <c>Type/id/_history/v</c>, or either form under an absolute base URL.</summary>
    public static bool TryParse(string? reference, out ResourceKey key)
    {
        key = null!;
        if (string.IsNullOrWhiteSpace(reference) || reference.StartsWith('#') || reference.StartsWith("urn:", StringComparison.Ordinal))
        {
            return false;
        }

        var path = Uri.TryCreate(reference, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : reference;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? version = null;
        if (segments.Length >= 4 && segments[^2] == "_history")
        {
            version = segments[^1];
            segments = segments[..^2];
        }

        if (segments.Length < 2 || !IsResourceType(segments[^2]) || segments[^1].Length == 0)
        {
            return false;
        }

        key = new ResourceKey(segments[^2], segments[^1], version);
        return true;
    }

    private static bool IsResourceType(string segment) => segment.Length > 0 && char.IsAsciiLetterUpper(segment[0]) && segment.All(char.IsAsciiLetter);
}
