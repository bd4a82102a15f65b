using HealthMesh.Deidentification.Structured;
using HealthMesh.Deidentification.Structured.Rules;
using HealthMesh.Deidentification.UnitTests.TestFiles;
using Microsoft.Extensions.DependencyInjection;
using static HealthMesh.Deidentification.UnitTests.Structured.RuleHarness;

namespace HealthMesh.Deidentification.UnitTests.Structured;

public sealed class ProfileValidatorTests
{
    [Theory]
    [InlineData("Patient.name.where(", KnownMethods.Redact, null, "not valid FHIRPath")]
    [InlineData("", KnownMethods.Redact, null, "no path")]
    [InlineData("Patient.name", "shuffle", null, "unknown method")]
    [InlineData("Patient.name", KnownMethods.Generalize, null, "needs \"to\"")]
    [InlineData("Patient.name", KnownMethods.Generalize, """{"to": "decade"}""", "needs \"to\"")]
    [InlineData("Patient.name", KnownMethods.Substitute, """{"surrogate": "name", "value": "x"}""", "not both")]
    [InlineData("Patient.name", KnownMethods.Substitute, """{"surrogate": "city"}""", "unknown surrogate")]
    [InlineData("Observation.value", KnownMethods.Perturb, """{"span": -1}""", "greater than 0")]
    [InlineData("Observation.value", KnownMethods.Perturb, """{"span": 1, "roundTo": 1.5}""", "roundTo")]
    [InlineData("Patient.telecom", KnownMethods.Redact, """{"keep": true}""", "unknown setting 'keep'")]
    public void A_bad_rule_fails_with_a_typed_error_naming_it(string path, string method, string? settings, string reason)
    {
        var error = Assert.Throws<DeidentificationProfileException>(() => RuleHarness.Engine(Rule("Resource.id", KnownMethods.Pseudonym), Rule(path, method, settings)));

        Assert.Equal(2, error.RuleNumber);
        Assert.Equal(method, error.Method);
        Assert.Contains(reason, error.Message);
        Assert.StartsWith("De-identification profile rule 2 (", error.Message);
    }

    [Fact]
    public void The_default_profile_is_valid_and_covers_every_method_it_names()
    {
        var engine = RuleHarness.Engine([.. DeidentificationProfile.Default().Rules]);

        Assert.True(engine.Rules.Count > 20);
        Assert.All(engine.Rules, r => Assert.Contains(r.Rule.Method, KnownMethods.All));
    }

    [Fact]
    public async Task A_profile_file_from_configuration_replaces_the_default_and_is_checked_at_start_up()
    {
        var path = Path.Combine(Path.GetTempPath(), $"deid-profile-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, """{ "rules": [ { "path": "Patient.name", "method": "redact" }, { "path": "Patient.birthDate", "method": "generalise" } ] }""");
            using var services = Fixtures.Services(new DeidentificationOptions { HmacKey = Fixtures.HmacKey, ProfilePath = path });

            var error = await Assert.ThrowsAsync<DeidentificationProfileException>(() => new ProfileStartupCheck(services).StartAsync(CancellationToken.None));
            Assert.Equal(2, error.RuleNumber);
            Assert.Contains("unknown method", error.Message);

            File.WriteAllText(path, """{ "rules": [ { "path": "Patient.name", "method": "redact", "kind": "name" } ] }""");
            using var valid = Fixtures.Services(new DeidentificationOptions { HmacKey = Fixtures.HmacKey, ProfilePath = path });
            Assert.Single(valid.GetRequiredService<StructuredRuleEngine>().Rules);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_profile_is_refused()
    {
        using var stream = new MemoryStream("""{ "rules": [] }"""u8.ToArray());
        Assert.Throws<DeidentificationProfileException>(() => DeidentificationProfile.Load(stream, "empty.json"));
        using var broken = new MemoryStream("""{ "rules": [ { "path": """u8.ToArray());
        Assert.Throws<DeidentificationProfileException>(() => DeidentificationProfile.Load(broken, "broken.json"));
    }
}
