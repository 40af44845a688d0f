import { memo } from 'react';
import { RING_CIRCUMFERENCE as CIRCUMFERENCE, RING_RADIUS as RADIUS, RING_SIZE as SIZE, RING_STROKE as STROKE, ringDashOffset } from '../../../../common/codes/countdown.js';

export interface CountdownRingProps {
  elapsed: number;
  secondsLeft: number;
  warning: boolean;
  /** Changes when a new period starts: the arc jumps back to full instead of sweeping backwards. */
  periodStart: number;
}

/** The time left in the period as a shrinking arc with the seconds in the middle. */
export const CountdownRing = memo(function CountdownRing({ elapsed, secondsLeft, warning, periodStart }: CountdownRingProps) {
  return (
    <span className={`ring${warning ? ' ring--warning' : ''}`} role="img" aria-label={`${secondsLeft} seconds left`}>
      <svg width={SIZE} height={SIZE} viewBox={`0 0 ${SIZE} ${SIZE}`} aria-hidden="true" focusable="false">
        <circle className="ring__track" cx={SIZE / 2} cy={SIZE / 2} r={RADIUS} strokeWidth={STROKE} fill="none" />
        <circle
          key={periodStart}
          className="ring__arc"
          cx={SIZE / 2}
          cy={SIZE / 2}
          r={RADIUS}
          strokeWidth={STROKE}
          fill="none"
          strokeLinecap="round"
          strokeDasharray={CIRCUMFERENCE}
          strokeDashoffset={ringDashOffset(elapsed, CIRCUMFERENCE)}
          transform={`rotate(-90 ${SIZE / 2} ${SIZE / 2})`}
        />
      </svg>
      <span className="ring__seconds" aria-hidden="true">
        {secondsLeft}
      </span>
    </span>
  );
});
