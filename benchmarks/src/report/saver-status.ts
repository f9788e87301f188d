/** Whether a saver took part in the run, and if not, the one-line reason. */
export interface SaverStatus {
  id: string;
  label: string;
  ran: boolean;
  reason?: string;
}
