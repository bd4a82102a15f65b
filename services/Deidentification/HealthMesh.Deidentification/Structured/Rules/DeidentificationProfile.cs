using System.Text.Json;

namespace HealthMesh.Deidentification.Structured.Rules;

/// <summary>
/// An ordered list of rules; for each element the first rule that selects it wins, and nothing under an element a rule
/// has processed is processed again. The shipped default is <c>Structured/Profiles/safe-harbor.json</c>.
/// </summary>
public sealed record DeidentificationProfile(IReadOnlyList<DeidentificationRule> Rules)
{
    public const string DefaultResourceName = "Profiles/safe-harbor.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The embedded Safe Harbor profile.</summary>
    public static DeidentificationProfile Default()
    {
        using var stream = typeof(DeidentificationProfile).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new InvalidOperationException($"The embedded profile '{DefaultResourceName}' is missing from the assembly.");
        return Load(stream, DefaultResourceName);
    }

    /// <summary>A profile file (JSON, <c>{"rules": [...]}</c>).</summary>
    /// <exception cref="DeidentificationProfileException">The file is not a profile.</exception>
    public static DeidentificationProfile Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    public static DeidentificationProfile Load(Stream stream, string source)
    {
        DeidentificationProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<DeidentificationProfile>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new DeidentificationProfileException(0, null, null, $"'{source}' is not a valid profile: {e.Message}");
        }

        if (profile?.Rules is not { Count: > 0 })
        {
            throw new DeidentificationProfileException(0, null, null, $"'{source}' has no rules.");
        }

        return profile;
    }
}
