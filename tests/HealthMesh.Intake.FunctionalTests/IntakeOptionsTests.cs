using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace HealthMesh.Intake.FunctionalTests;

public sealed class IntakeOptionsTests
{
    [Fact]
    public void A_subscription_without_a_usable_secret_fails_startup()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("HealthMesh:Database:ConnectionString", $"Data Source={Path.Combine(Path.GetTempPath(), $"healthmesh-intake-{Guid.NewGuid():N}.db")}");
            web.UseSetting("HealthMesh:Documents:ActiveKeyId", "test");
            web.UseSetting("HealthMesh:Documents:EncryptionKeys:test", Convert.ToBase64String(new byte[32]));
            web.UseSetting("HealthMesh:Ehr:BaseUrl", "http://127.0.0.1:9/fhir");
            web.UseSetting("HealthMesh:Intake:Subscriptions:weak:Secret", "short");
        });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("HealthMesh:Intake:Subscriptions:weak:Secret", error.Message);
    }
}
