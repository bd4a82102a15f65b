using System.Security.Cryptography;
using HealthMesh.Deidentification;
using HealthMesh.Deidentification.Engine;
using HealthMesh.Deidentification.Structured;
using HealthMesh.Deidentification.Structured.Rules;
using HealthMesh.ServiceDefaults.Fhir;
using HealthMesh.Testing;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HealthMesh.Deidentification.UnitTests.TestFiles;

/// <summary>Synthetic, embedded, PHI-bearing context Bundles (no real person) and a fixed test key.</summary>
public static class Fixtures
{
    public const string EncounterContext = "encounter-context.json";
    public const string RadiologyContext = "radiology-context.json";

    public static readonly string HmacKey = Convert.ToBase64String(SHA256.HashData("healthmesh-deid-unit-tests"u8));

    public static string Read(string name) => EmbeddedTestFiles.Read(typeof(Fixtures).Assembly, name);

    public static Bundle Bundle(string name) => FhirJson.Parse<Bundle>(Read(name));

    public static ContextDeidentifier Deidentifier(string? key = null) => Deidentifier(new DeidentificationOptions { HmacKey = key ?? HmacKey });

    /// <summary>The engine as the service registers it, with these options.</summary>
    public static ContextDeidentifier Deidentifier(DeidentificationOptions options) =>
        Services(options).GetRequiredService<ContextDeidentifier>();

    /// <param name="profile">A profile in place of the configured one (the embedded default).</param>
    public static ServiceProvider Services(DeidentificationOptions options, DeidentificationProfile? profile = null) =>
        (profile is null ? new ServiceCollection() : new ServiceCollection().AddSingleton(profile))
            .AddSingleton(Options.Create(options))
            .AddDeidentificationEngine()
            .AddSingleton<ContextDeidentifier>()
            .BuildServiceProvider();
}
