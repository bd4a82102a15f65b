using Npgsql;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace HealthMesh.Testing;

/// <summary>
/// Real servers for integration tests, in this order: an address from the environment
/// (<c>HEALTHMESH_TEST_RABBITMQ</c>, <c>HEALTHMESH_TEST_POSTGRESQL</c> — what <c>tests/run.sh</c> sets after starting
/// Debian's servers), else Testcontainers when a Docker engine answers, else a clear failure.
/// </summary>
public static class TestServers
{
    public const string RabbitMqVariable = "HEALTHMESH_TEST_RABBITMQ";
    public const string PostgreSqlVariable = "HEALTHMESH_TEST_POSTGRESQL";

    private static readonly Lazy<Task<string>> RabbitMq = new(StartRabbitMqAsync);
    private static readonly Lazy<Task<string>> PostgreSql = new(StartPostgreSqlAsync);

    /// <summary>An amqp:// URI of a running RabbitMQ.</summary>
    public static Task<string> RabbitMqUriAsync() => RabbitMq.Value;

    /// <summary>A connection string to a fresh, empty PostgreSQL database of its own.</summary>
    public static async Task<string> CreatePostgreSqlDatabaseAsync(string prefix)
    {
        var admin = new NpgsqlConnectionStringBuilder(await PostgreSql.Value);
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        admin.Database = name;
        return admin.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreatePostgreSqlDatabaseAsync"/>, closing its connections.</summary>
    public static async Task DropPostgreSqlDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(await PostgreSql.Value);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// An amqp:// URI of a virtual host of its own when the broker is local (<c>HEALTHMESH_TEST_RABBITMQCTL</c>, set by
    /// <c>tests/run.sh</c>), so tests running side by side never take each other's messages; else the shared broker URI.
    /// </summary>
    public static async Task<string> CreateRabbitMqVirtualHostAsync(string prefix)
    {
        var uri = new UriBuilder(await RabbitMqUriAsync());
        var rabbitmqctl = Environment.GetEnvironmentVariable("HEALTHMESH_TEST_RABBITMQCTL");
        if (string.IsNullOrWhiteSpace(rabbitmqctl))
        {
            return uri.Uri.ToString();
        }

        var vhost = $"{prefix}-{Guid.NewGuid():N}";
        await RabbitMqCtlAsync("add_vhost", vhost);
        await RabbitMqCtlAsync("set_permissions", "-p", vhost, Uri.UnescapeDataString(uri.UserName), ".*", ".*", ".*");
        uri.Path = "/" + Uri.EscapeDataString(vhost);
        return uri.Uri.ToString();
    }

    /// <summary>Runs <c>rabbitmqctl</c> against the local broker (restart tests stop and start its application); returns its output.</summary>
    public static async Task<string> RabbitMqCtlAsync(params string[] arguments)
    {
        var command = Environment.GetEnvironmentVariable("HEALTHMESH_TEST_RABBITMQCTL")
            ?? throw new InvalidOperationException("HEALTHMESH_TEST_RABBITMQCTL is not set: this test controls a local RabbitMQ (tests/run.sh sets it).");
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(command, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed ({process.ExitCode}): {output}");
        }

        return output;
    }

    private static async Task<string> StartRabbitMqAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(RabbitMqVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        EnsureDocker(RabbitMqVariable, "amqp://guest:guest@localhost:5672/");
        var container = new RabbitMqBuilder("rabbitmq:3.13-management").Build();
        await container.StartAsync();
        return container.GetConnectionString();
    }

    private static async Task<string> StartPostgreSqlAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(PostgreSqlVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        EnsureDocker(PostgreSqlVariable, "Host=localhost;Username=healthmesh;Password=healthmesh;Database=healthmesh");
        var container = new PostgreSqlBuilder("postgres:16").Build();
        await container.StartAsync();
        return container.GetConnectionString();
    }

    private static void EnsureDocker(string variable, string example)
    {
        if (!DockerAnswers())
        {
            throw new InvalidOperationException(
                $"This test needs a real server. Set {variable} (e.g. '{example}'), run the whole suite with 'bash tests/run.sh' " +
                "(it installs and starts Debian's rabbitmq-server and postgresql when missing), or run on a machine with a Docker engine.");
        }
    }

    /// <summary>Asks the engine itself (<c>GET /_ping</c>): a Docker client alone, as on Debian without an engine, is not enough.</summary>
    private static bool DockerAnswers()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST") ?? "unix:///var/run/docker.sock";
        try
        {
            using var handler = new SocketsHttpHandler();
            Uri baseAddress;
            if (host.StartsWith("unix://", StringComparison.Ordinal))
            {
                var path = host["unix://".Length..];
                handler.ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                    await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(path), cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                };
                baseAddress = new Uri("http://docker/");
            }
            else
            {
                baseAddress = new Uri(host.Replace("tcp://", "http://", StringComparison.Ordinal));
            }

            using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(3) };
            return client.GetAsync("_ping").GetAwaiter().GetResult().IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or TaskCanceledException)
        {
            return false;
        }
    }
}
