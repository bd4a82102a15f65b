using HealthMesh.Intake.Consent;

namespace HealthMesh.Intake.UnitTests.Consent;

public sealed class ConsentOptionsValidatorTests
{
    [Fact]
    public void The_default_options_are_valid()
    {
        var options = new ConsentOptions();

        Assert.True(new ConsentOptionsValidator().Validate(null, options).Succeeded);
        Assert.True(options.UsesDefaultPolicy);
    }

    [Fact]
    public void A_relative_policy_uri_and_a_code_without_system_fail_with_the_key_named()
    {
        var result = new ConsentOptionsValidator().Validate(null, new ConsentOptions
        {
            PolicyUris = ["ai-policy"],
            Categories = ["59284-0"],
            ProvisionCodes = ["http://example.org|a|b"],
        });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("HealthMesh:Consent:PolicyUris: 'ai-policy'"));
        Assert.Contains(result.Failures!, f => f.Contains("HealthMesh:Consent:Categories: '59284-0'"));
        Assert.Contains(result.Failures!, f => f.Contains("HealthMesh:Consent:ProvisionCodes"));
    }
}
