using System.Text.Json;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.Structured;
using HealthMesh.Deidentification.Structured.Rules;
using HealthMesh.Deidentification.Surrogates;
using HealthMesh.Deidentification.UnitTests.TestFiles;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HealthMesh.Deidentification.UnitTests.Structured;

/// <summary>Runs resources through an engine built as the service builds it, with a profile of the given rules.</summary>
internal static class RuleHarness
{
    public const int Offset = 10;

    public static DeidentificationRule Rule(string path, string method, string? settingsJson = null, string? kind = null) =>
        new(path, method, kind, settingsJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(settingsJson));

    public static StructuredRuleEngine Engine(params DeidentificationRule[] rules) =>
        new ServiceCollection()
            .AddSingleton(Options.Create(new DeidentificationOptions { HmacKey = Fixtures.HmacKey }))
            .AddSingleton(new DeidentificationProfile(rules))
            .AddDeidentificationEngine()
            .BuildServiceProvider()
            .GetRequiredService<StructuredRuleEngine>();

    public static DeidentificationSession Session(params Resource[] resources) =>
        new(new KeyedHash(Convert.FromBase64String(Fixtures.HmacKey)), 16, Offset, KnownPhiCollector.Collect(resources));

    /// <summary>De-identifies the resources in place, in one session, and returns it.</summary>
    public static DeidentificationSession Apply(DeidentificationRule[] rules, params Resource[] resources)
    {
        var engine = Engine(rules);
        var session = Session(resources);
        foreach (var resource in resources)
        {
            engine.Deidentify(resource, session, 2024);
        }

        return session;
    }

    public static IReadOnlyList<string> Labels(Resource resource) => resource.Meta?.Security.Select(c => c.Code!).ToList() ?? [];
}
