using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Paylent.Infrastructure.Persistence;

namespace Paylent.IntegrationTests.Support;

internal sealed record RecordedCommand(string Text, IReadOnlyList<(string Name, object? Value)> Parameters);

/// <summary>The database commands run inside requests to one endpoint (<see cref="Path"/>), in order.</summary>
internal sealed class EndpointCommands(string path)
{
    private readonly Lock _gate = new();
    private readonly List<RecordedCommand> _commands = [];

    public PathString Path { get; } = path;

    /// <summary>Makes an app's database contexts hand this every command run in a request to <see cref="Path"/>: pass it as the app's test services.</summary>
    public void RecordIn(IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.ConfigureDbContext<PaylentDbContext>((sp, options) =>
            options.AddInterceptors(new EndpointInterceptor(this, sp.GetRequiredService<IHttpContextAccessor>())));
    }

    public void Record(DbCommand command)
    {
        var recorded = new RecordedCommand(command.CommandText, [.. command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value))]);
        lock (_gate)
        {
            _commands.Add(recorded);
        }
    }

    /// <summary>The commands one request ran: a first request warms what it would load once, the second is counted.</summary>
    public async Task<(IReadOnlyList<RecordedCommand> Commands, string Token)> OfAsync(Func<Task<string>> request)
    {
        await request();
        int from;
        lock (_gate)
        {
            from = _commands.Count;
        }

        var token = await request();
        lock (_gate)
        {
            return ([.. _commands.Skip(from)], token);
        }
    }

    public async Task<string> TokenAsync(Func<Task<string>> request) => (await OfAsync(request)).Token;

    /// <summary>The commands of one request counted as it comes, without a request to warm it.</summary>
    public async Task<(IReadOnlyList<RecordedCommand> Commands, string Token)> FirstAsync(Func<Task<string>> request)
    {
        int from;
        lock (_gate)
        {
            from = _commands.Count;
        }

        var token = await request();
        lock (_gate)
        {
            return ([.. _commands.Skip(from)], token);
        }
    }
}

/// <summary>Hands <see cref="EndpointCommands"/> every command run while the current request is to its endpoint.</summary>
internal sealed class EndpointInterceptor(EndpointCommands commands, IHttpContextAccessor http) : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command)
    {
        if (http.HttpContext?.Request.Path == commands.Path)
        {
            commands.Record(command);
        }
    }
}
