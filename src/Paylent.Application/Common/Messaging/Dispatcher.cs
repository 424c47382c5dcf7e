using MediatR;

namespace Paylent.Application.Common.Messaging;

/// <summary>Sends commands and queries through the pipeline (validation, unit of work, audit).</summary>
public interface IDispatcher
{
    Task<TResult> Send<TResult>(IRequest<TResult> request, CancellationToken cancellationToken = default);
}

internal sealed class Dispatcher(IMediator mediator) : IDispatcher
{
    public Task<TResult> Send<TResult>(IRequest<TResult> request, CancellationToken cancellationToken = default) =>
        mediator.Send(request, cancellationToken);
}
