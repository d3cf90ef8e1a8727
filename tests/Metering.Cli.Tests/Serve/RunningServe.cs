using Azure.Core;
using Metering.Cli.Serve;
using Metering.Domain.Ports;
using Metering.Domain.Tenants;
using Metering.Hosting.Scheduling;
using Metering.Hosting.Settings;
using Metering.Storage.Accounts;
using Metering.Testing.Azurite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Metering.Cli.Tests.Serve;

/// <summary>One started <c>metering serve</c> host on a free loopback port, over its own storage prefix, with a fake clock.</summary>
internal sealed class RunningServe : IAsyncDisposable
{
    private RunningServe(WebApplication app, FakeClock clock, string prefix, string connectionString)
    {
        App = app;
        Clock = clock;
        Prefix = prefix;
        Address = ServeHost.Addresses(app)[0];
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        Account = StorageAccount.FromConnectionString(connectionString, new StorageNames(prefix));
    }

    public WebApplication App { get; }

    public FakeClock Clock { get; }

    public string Prefix { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public StorageAccount Account { get; }

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<RunningServe> StartAsync(
        string connectionString,
        Instant now,
        Func<ServeOptions, ServeOptions>? adjust = null,
        Action<ClientOptions>? configureClients = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var prefix = AzuriteFixture.NewPrefix();
        var clock = new FakeClock(now);
        var options = new ServeOptions
        {
            Urls = ["http://127.0.0.1:0"],
            ConsoleLogs = false,
            ClockPollInterval = TimeSpan.FromMilliseconds(50),
            QueuePollInterval = TimeSpan.FromMilliseconds(200),
            ShutdownTimeout = TimeSpan.FromSeconds(30),
            Schedule = CloseSchedule.Parse("0 0 0 1 1 *"),
        };
        var settings = new MeteringSettings { StorageConnectionString = connectionString, StoragePrefix = prefix };
        var environment = new CliEnvironment(TextWriter.Null, TextWriter.Null, _ => null, IsTerminal: false) { ConfigureClients = configureClients };
        var app = ServeHost.Build(settings, adjust?.Invoke(options) ?? options, environment, services =>
        {
            services.AddSingleton<IClock>(clock);
            configureServices?.Invoke(services);
        });
        await app.StartAsync();
        return new RunningServe(app, clock, prefix, connectionString);
    }

    public Task RegisterAsync(params Tenant[] tenants) => Service<ITenantRegistry>().ApplyAsync(tenants, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
