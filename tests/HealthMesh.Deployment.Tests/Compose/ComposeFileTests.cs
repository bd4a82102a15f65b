using System.Text.RegularExpressions;
using HealthMesh.Deployment.Tests.Configuration;
using HealthMesh.Deployment.Tests.Containers;

namespace HealthMesh.Deployment.Tests.Compose;

/// <summary>
/// docker-compose.yml, as Debian's docker-compose parses and interpolates it, checked against the solution: every
/// service host runs from its own Dockerfile, starts after what it needs is healthy, is configured only with keys its
/// options classes bind, and gets its secrets from the environment.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly ComposeModel Compose = ComposeCli.Resolved();

    [Theory]
    [MemberData(nameof(RequiredVariableNames))]
    public void Compose_refuses_to_run_without_each_secret_and_names_it(string variable)
    {
        var (exitCode, _, error) = ComposeCli.Config(ComposeCli.RequiredVariables.Where(v => v.Key != variable).ToDictionary());

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"set {variable}", error, StringComparison.Ordinal);
    }

    public static TheoryData<string> RequiredVariableNames() => [.. ComposeCli.RequiredVariables.Keys];

    [Fact]
    public void Every_service_host_runs_from_its_own_Dockerfile_and_image()
    {
        foreach (var service in DeployableService.All)
        {
            Assert.True(Compose.Services.TryGetValue(service.Name, out var composed), $"docker-compose.yml has no service '{service.Name}' for {service.HostAssemblyName}.");
            Assert.Equal(service.Relative(service.DockerfilePath), composed.Dockerfile);
            Assert.Equal($"healthmesh/{service.Name}:latest", composed.Image);
        }

        var built = Compose.Services.Values.Where(s => s.Dockerfile is not null).Select(s => s.Name);
        Assert.Equal(DeployableService.All.Select(s => s.Name).Order(), built.Order());
    }

    [Fact]
    public void Broker_database_and_management_UI_are_there_with_health_checks_and_volumes()
    {
        var rabbitMq = Compose.Services["rabbitmq"];
        Assert.Matches("^rabbitmq:[0-9.]+-management$", rabbitMq.Image);
        Assert.Contains((15672, 15672), rabbitMq.Ports);
        Assert.Contains("rabbitmq-diagnostics", rabbitMq.HealthcheckTest);
        Assert.Contains(rabbitMq.Volumes, v => v.StartsWith("rabbitmq:/var/lib/rabbitmq", StringComparison.Ordinal));

        var postgres = Compose.Services["postgres"];
        Assert.StartsWith("postgres:", postgres.Image);
        Assert.Contains(postgres.HealthcheckTest, t => t.Contains("pg_isready", StringComparison.Ordinal));
        Assert.Contains(postgres.Volumes, v => v.StartsWith("postgres:/var/lib/postgresql/data", StringComparison.Ordinal));

        Assert.Contains(Compose.Services["ehr-sandbox"].Volumes, v => v.StartsWith("ehr-sandbox:/data", StringComparison.Ordinal));
        Assert.Superset(new HashSet<string> { "rabbitmq", "postgres", "ehr-sandbox" }, Compose.Volumes.ToHashSet());
    }

    [Fact]
    public void Services_start_only_after_their_dependencies_are_healthy()
    {
        foreach (var service in Compose.Services.Values)
        {
            foreach (var (dependency, condition) in service.DependsOn)
            {
                Assert.Equal("service_healthy", condition);
                var target = Compose.Services[dependency];
                var imageHealthcheck = target.Dockerfile is { } dockerfile
                    && Dockerfile.Load(Path.Combine(DeployableService.RepositoryRoot, dockerfile)).Final.All("HEALTHCHECK").Any();
                Assert.True(target.HasHealthcheck || imageHealthcheck, $"{service.Name} waits for {dependency} to be healthy, but {dependency} has no health check.");
            }

            if (service.Environment.Keys.Any(k => k.StartsWith("HealthMesh__Database__", StringComparison.Ordinal)))
            {
                Assert.Superset(new HashSet<string> { "rabbitmq", "postgres" }, service.DependsOn.Keys.ToHashSet());
                // Readiness (/health: database and bus) is what dependants wait for; /alive is only liveness.
                Assert.Contains("http://localhost:8080/health", service.HealthcheckTest);
            }
        }
    }

    [Fact]
    public void Every_environment_key_binds_to_an_options_property_of_its_service()
    {
        var problems = new List<string>();
        foreach (var service in DeployableService.All)
        {
            var catalog = OptionsCatalog.For([.. service.Assemblies]);
            problems.AddRange(Compose.Services[service.Name].Environment.Keys
                .Select(catalog.Explain)
                .OfType<string>()
                .Select(problem => $"{service.Name}: {problem}"));
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Secrets_come_only_from_the_environment()
    {
        var sentinels = ComposeCli.RequiredVariables.Values.ToList();
        foreach (var service in Compose.Services.Values)
        {
            foreach (var (key, value) in service.Environment)
            {
                if (SecretKey().IsMatch(key) || SecretInValue().IsMatch(value))
                {
                    Assert.True(sentinels.Any(s => value.Contains(s, StringComparison.Ordinal)), $"{service.Name}: {key} carries a secret that is not taken from the environment.");
                }
            }
        }
    }

    [Fact]
    public void Published_ports_are_distinct_and_reach_the_port_each_image_listens_on()
    {
        var published = Compose.Services.Values.SelectMany(s => s.Ports).Select(p => p.Published).ToList();
        Assert.Equal(published.Distinct().Count(), published.Count);

        foreach (var service in DeployableService.All)
        {
            var exposed = Dockerfile.Load(service.DockerfilePath).Final.All("EXPOSE").Select(int.Parse).ToList();
            Assert.All(Compose.Services[service.Name].Ports, p => Assert.Contains(p.Target, exposed));
        }
    }

    [Fact]
    public void Bind_mounts_point_at_files_of_the_repository()
    {
        foreach (var volume in Compose.Services.Values.SelectMany(s => s.Volumes).Where(v => v.StartsWith('/')))
        {
            var source = volume.Split(':')[0];
            Assert.True(File.Exists(source) || Directory.Exists(source), $"bind mount source {source} does not exist");
            Assert.StartsWith(DeployableService.RepositoryRoot, source);
        }
    }

    [Fact]
    public void Services_reach_each_other_by_their_compose_names()
    {
        var names = Compose.Services.Keys.ToHashSet();
        // Values the operator supplies (an identity provider's issuer, say) name hosts outside the compose project.
        var supplied = ComposeCli.RequiredVariables.Values.ToHashSet();
        foreach (var value in Compose.Services.Values.SelectMany(s => s.Environment.Values).Where(v => !supplied.Contains(v)))
        {
            foreach (Match host in HostReference().Matches(value))
            {
                Assert.Contains(host.Groups["host"].Value, names);
            }
        }
    }

    [GeneratedRegex("(?i)(HmacKey|EncryptionKeys|Secret|Password|_PASS$)")]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"(?i)(Password=|://[^/:@]+:[^@]+@)")]
    private static partial Regex SecretInValue();

    [GeneratedRegex(@"(?:://(?:[^/@]+@)?|Host=)(?<host>[a-z][a-z0-9-]*)")]
    private static partial Regex HostReference();
}
