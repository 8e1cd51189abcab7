/** Progress of a training run, sent through the `onEvent` callback (the library never prints). */
export type TrainingEvent =
  | {
      type: 'start';
      epochs: number;
      stepsPerEpoch: number;
      /** Positive rows trained on per epoch. */
      examples: number;
      validationRows: number;
    }
  | {
      type: 'step';
      epoch: number;
      /** 1-based step within the epoch. */
      step: number;
      stepsPerEpoch: number;
      /** Mean loss per row over the steps since the previous step event. */
      loss: number;
    }
  | { type: 'epoch'; summary: EpochSummary }
  | { type: 'early-stop'; epoch: number; bestEpoch: number };

/** One finished epoch. */
export interface EpochSummary {
  /** 1-based. */
  epoch: number;
  /** Mean training loss per row over the epoch (natural log units). */
  loss: number;
  /** Validation top-K accuracy keyed "top10" etc.; absent without validation. */
  validation?: Record<string, number>;
  /** Wall seconds of the training steps, validation excluded. */
  trainSeconds: number;
  validationSeconds: number;
  examplesPerSecond: number;
  /** Whether this epoch has the best validation score so far (always true without validation). */
  best: boolean;
}
