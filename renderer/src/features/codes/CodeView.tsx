import { memo } from 'react';
import type { AccountView, CodeView as Code } from '../../../../common/ipc/views.js';
import { Icon } from '../../ui/Icon.js';
import { useNow } from './clock.js';
import { countdown } from '../../../../common/codes/countdown.js';
import { CountdownRing } from './CountdownRing.js';
import { formatCode, placeholderCode } from '../../../../common/codes/formatCode.js';

interface CodeTextProps {
  account: Pick<AccountView, 'kind' | 'digits' | 'period'>;
  code: Code | undefined;
}

/** The code in large tabular figures; the raw digits in `data-code` for tests and tools. */
function CodeText({ account, code }: CodeTextProps) {
  if (!code) {
    return (
      <span className="code code--pending" aria-label="Code loading">
        {placeholderCode(account.digits, account.kind)}
      </span>
    );
  }
  return (
    <span className="code" data-testid="code" data-code={code.current}>
      {formatCode(code.current, account.kind)}
    </span>
  );
}

/** A time-based code with its ring; subscribes to the shared clock so the row around it does not re-render. */
const TimedCode = memo(function TimedCode({ account, code, clockOffset }: CodeTextProps & { code: Code; clockOffset: number }) {
  const now = useNow() + clockOffset;
  const start = code.periodStart ?? now;
  const end = code.periodEnd ?? now + account.period * 1000;
  const state = countdown(now, start, end);
  const next = state.showNext && code.next ? formatCode(code.next, account.kind) : null;
  return (
    <>
      <span className="code-cell">
        <CodeText account={account} code={code} />
        <span className={`code-next${next ? ' code-next--shown' : ''}`} aria-live="off">
          {next ? `next: ${next}` : ''}
        </span>
      </span>
      <CountdownRing elapsed={state.elapsed} secondsLeft={state.secondsLeft} warning={state.warning} periodStart={start} />
    </>
  );
});

export interface CodeAreaProps {
  account: AccountView;
  code: Code | undefined;
  clockOffset: number;
  onNextHotp: (id: string) => void;
}

/** Right side of a row: the code, then a ring (time-based) or a "Next code" button (counter-based). */
export const CodeArea = memo(function CodeArea({ account, code, clockOffset, onNextHotp }: CodeAreaProps) {
  if (account.kind === 'hotp') {
    return (
      <>
        <span className="code-cell">
          <CodeText account={account} code={code} />
          <span className="code-next">counter-based</span>
        </span>
        <button
          type="button"
          className="icon-button hotp-next"
          aria-label={`Next code for ${account.issuer || account.accountName}`}
          title="Next code"
          onClick={(event) => {
            event.stopPropagation();
            onNextHotp(account.id);
          }}
        >
          <Icon name="refresh" size={18} />
        </button>
      </>
    );
  }
  if (!code) {
    return (
      <>
        <span className="code-cell">
          <CodeText account={account} code={undefined} />
          <span className="code-next" />
        </span>
        <span className="ring ring--idle" aria-hidden="true" />
      </>
    );
  }
  return <TimedCode account={account} code={code} clockOffset={clockOffset} />;
});
