"""Photos, share cards, icons and QR codes: made once, cached by what they are made from."""
