using HealthMesh.EhrSandbox.Bundles;
using HealthMesh.EhrSandbox.Resources;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HealthMesh.EhrSandbox.Seeding;

/// <summary>
/// Loads the synthetic sample cases of <c>samples/fhir</c> (embedded) through the transaction code path. Each case is a
/// transaction of PUTs with fixed ids and unchanged PUTs create no version, so seeding again changes nothing.
/// </summary>
public sealed class EhrSandboxSeeder(BundleProcessor bundles, IOptions<EhrSandboxOptions> options, ILogger<EhrSandboxSeeder> logger)
{
    private const string ResourcePrefix = "samples/";

    /// <summary>The embedded sample case names (file names without <c>.json</c>), in load order.</summary>
    public static IReadOnlyList<string> SampleNames { get; } =
        [.. typeof(EhrSandboxSeeder).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^".json".Length])
            .Order(StringComparer.Ordinal)];

    /// <summary>The sample case <paramref name="name"/> as the transaction Bundle it is stored as.</summary>
    public static Bundle LoadSample(string name)
    {
        using var stream = typeof(EhrSandboxSeeder).Assembly.GetManifestResourceStream($"{ResourcePrefix}{name}.json")
            ?? throw new ArgumentException($"No sample case '{name}'. Known: {string.Join(", ", SampleNames)}.", nameof(name));
        using var reader = new StreamReader(stream);
        return FhirResourceParser.Parse<Bundle>(reader.ReadToEnd());
    }

    /// <summary>Loads every sample case; returns how many transactions ran.</summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var baseUrl = options.Value.BaseUrl?.AbsoluteUri.TrimEnd('/');
        foreach (var name in SampleNames)
        {
            await bundles.ProcessAsync(LoadSample(name), baseUrl, cancellationToken);
            logger.LogInformation("Seeded sample case {SampleName}", name);
        }

        return SampleNames.Count;
    }
}
